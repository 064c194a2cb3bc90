import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPrisma, migrate, type PrismaClient } from '@pillar/db';

/** Every database this module creates is named `pillar_test_<epoch ms>_<random>`. */
export const TEST_DATABASE_PREFIX = 'pillar_test_';
const TEST_DATABASE_NAME = /^pillar_test_(\d{13})_[0-9a-f]+$/;
const DEFAULT_BASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** A Prisma client on the database, created on first use and disconnected by drop(). */
  readonly prisma: PrismaClient;
  /** Disconnects and drops the database (even with connections left open). Idempotent. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Create the database (default true); false only reserves a unique name and URL. */
  readonly create?: boolean;
  /** Apply the migrations with the runner (default true); false leaves the database empty. */
  readonly migrate?: boolean;
  /** Another migrations directory for the runner. */
  readonly migrationsDir?: string;
}

/** The server's maintenance URL: PILLAR_TEST_DATABASE_URL, default the local `postgres` database. */
export function testServerUrl(): string {
  return process.env.PILLAR_TEST_DATABASE_URL?.trim() || DEFAULT_BASE_URL;
}

/** A uniquely named database on the test server, migrated unless asked otherwise. */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  await cleanupOnce();
  const name = `${TEST_DATABASE_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  const url = urlFor(name);
  if (options.create !== false) {
    await withServer((client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
    if (options.migrate !== false) {
      await migrate({
        databaseUrl: url,
        createDatabase: false,
        ...(options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir }),
      });
    }
  }

  let prisma: PrismaClient | undefined;
  return {
    name,
    url,
    get prisma() {
      prisma ??= createPrisma(url);
      return prisma;
    },
    async drop() {
      await prisma?.$disconnect();
      prisma = undefined;
      await dropDatabase(name);
    },
  };
}

/**
 * Drops `pillar_test_*` databases created more than `olderThanMs` ago (by the time in their name), so
 * that crashed runs do not accumulate. Returns the names dropped.
 */
export async function cleanupStaleTestDatabases(olderThanMs = 3 * 60 * 60 * 1000): Promise<string[]> {
  const { rows } = await withServer((client) =>
    client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'pillar\\_test\\_%'`),
  );
  const cutoff = Date.now() - olderThanMs;
  const stale = rows
    .map((row) => row.datname)
    .filter((name) => {
      const createdAt = TEST_DATABASE_NAME.exec(name)?.[1];
      return createdAt !== undefined && Number(createdAt) < cutoff;
    });
  for (const name of stale) await dropDatabase(name);
  return stale;
}

let cleanup: Promise<string[]> | undefined;
function cleanupOnce(): Promise<string[]> {
  cleanup ??= cleanupStaleTestDatabases();
  return cleanup;
}

function urlFor(database: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function dropDatabase(name: string): Promise<void> {
  // WITH (FORCE) (Postgres 13+) ends sessions a test left open.
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl(), application_name: 'pillar-testkit' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
