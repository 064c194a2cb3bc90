import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrateError, defaultMigrationsDir, migrate } from '../src/index.ts';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../../testkit/src/index.ts';
import { tempMigrations, type TempMigrations } from './support/migrations-dir.ts';
import { withClient } from './support/pg.ts';

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
  logs: string | null;
}

function migrationRows(url: string): Promise<MigrationRow[]> {
  return withClient(url, async (client) => (await client.query<MigrationRow>('SELECT * FROM _prisma_migrations ORDER BY migration_name')).rows);
}

function tables(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  });
}

async function rejection(promise: Promise<unknown>): Promise<MigrateError> {
  const error: unknown = await promise.then(
    () => new Error('expected the migration run to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof MigrateError)) throw error;
  return error;
}

const GOOD = 'CREATE TABLE good (id int PRIMARY KEY);\n';
const BROKEN = 'CREATE TABLE second (id int PRIMARY KEY);\nINSERT INTO second VALUES (1);\nCREATE TABLEE oops ();\n';
const FIXED = 'CREATE TABLE second (id int PRIMARY KEY);\nINSERT INTO second VALUES (1);\n';

describe('migrate()', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function database(options: { create?: boolean; migrate?: boolean } = {}): Promise<TestDatabase> {
    const db = await createTestDatabase({ migrate: false, ...options });
    cleanups.push(() => db.drop());
    return db;
  }
  async function migrations(files: Record<string, string>): Promise<TempMigrations> {
    const temp = await tempMigrations(files);
    cleanups.push(() => temp.remove());
    return temp;
  }

  it('applies each migration exactly once when two processes migrate a missing database at once', async () => {
    const db = await database({ create: false });
    const [first, second] = await Promise.all([migrate({ databaseUrl: db.url }), migrate({ databaseUrl: db.url })]);

    const applied = [...first.applied, ...second.applied].sort();
    const onDisk = (await migrationNamesOnDisk()).sort();
    expect(applied).toEqual(onDisk);
    expect(first.createdDatabase !== second.createdDatabase).toBe(true);
    expect(first.applied.length === 0 || second.applied.length === 0).toBe(true);
    expect(first.alreadyApplied + second.alreadyApplied).toBe(onDisk.length);

    const rows = await migrationRows(db.url);
    expect(rows.map((row) => row.migration_name)).toEqual(onDisk);
    for (const row of rows) {
      const sql = await readFile(path.join(defaultMigrationsDir, row.migration_name, 'migration.sql'), 'utf8');
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await tables(db.url)).toContain('finding');
  });

  it('serialises many concurrent runs: each of several slow migrations is applied once', async () => {
    const db = await database();
    // CREATE TABLE fails when run twice, and the sleep keeps the runs overlapping.
    const temp = await migrations({
      '001_a': 'CREATE TABLE a (id int);\nSELECT pg_sleep(0.2);\n',
      '002_b': 'CREATE TABLE b (id int);\nSELECT pg_sleep(0.2);\n',
      '003_c': 'CREATE TABLE c (id int);\n',
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate({ databaseUrl: db.url, migrationsDir: temp.dir })));
    expect(results.flatMap((result) => result.applied).sort()).toEqual(['001_a', '002_b', '003_c']);
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    expect((await migrationRows(db.url)).map((row) => row.migration_name)).toEqual(['001_a', '002_b', '003_c']);
    expect(await tables(db.url)).toEqual(['a', 'b', 'c']);
  });

  it('is idempotent: a second run applies nothing', async () => {
    const db = await database();
    const first = await migrate({ databaseUrl: db.url });
    const again = await migrate({ databaseUrl: db.url });
    expect(first.applied.length).toBeGreaterThan(0);
    expect(again).toEqual({
      database: db.name,
      createdDatabase: false,
      applied: [],
      alreadyApplied: first.applied.length,
      unknownApplied: [],
    });
    expect(await migrationRows(db.url)).toHaveLength(first.applied.length);
  });

  it('rolls a failing migration back whole, names it, and applies it once fixed', async () => {
    const db = await database();
    const temp = await migrations({ '001_good': GOOD, '002_second': BROKEN, '003_third': 'CREATE TABLE third (id int);\n' });

    const error = await rejection(migrate({ databaseUrl: db.url, migrationsDir: temp.dir }));
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.migrationName).toBe('002_second');
    expect(error.message).toContain('002_second');
    expect(error.message).toContain('syntax error at or near "TABLEE"');
    expect(error.message).toContain('(line 3)');

    expect(await tables(db.url)).toEqual(['good']);
    let rows = await migrationRows(db.url);
    expect(rows.map((row) => [row.migration_name, row.finished_at !== null])).toEqual([['001_good', true]]);

    await temp.write('002_second', FIXED);
    const result = await migrate({ databaseUrl: db.url, migrationsDir: temp.dir });
    expect(result.applied).toEqual(['002_second', '003_third']);
    expect(result.alreadyApplied).toBe(1);
    expect(await tables(db.url)).toEqual(['good', 'second', 'third']);
    rows = await migrationRows(db.url);
    expect(rows.map((row) => row.migration_name)).toEqual(['001_good', '002_second', '003_third']);
    expect(rows.every((row) => row.finished_at !== null && row.applied_steps_count === 1)).toBe(true);
  });

  it('refuses a migration changed after it was applied, and applies nothing after it', async () => {
    const db = await database();
    const temp = await migrations({ '001_good': GOOD });
    await migrate({ databaseUrl: db.url, migrationsDir: temp.dir });

    await temp.write('001_good', `${GOOD}ALTER TABLE good ADD COLUMN name text;\n`);
    await temp.write('002_next', 'CREATE TABLE next (id int);\n');
    const error = await rejection(migrate({ databaseUrl: db.url, migrationsDir: temp.dir }));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.migrationName).toBe('001_good');
    expect(error.message).toMatch(/^migration 001_good was changed after it was applied/);
    expect(await tables(db.url)).toEqual(['good']);
  });

  it('accepts a migration whose only change is its line endings', async () => {
    const db = await database();
    const temp = await migrations({ '001_good': 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n' });
    await migrate({ databaseUrl: db.url, migrationsDir: temp.dir });
    await temp.write('001_good', 'CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n');
    expect((await migrate({ databaseUrl: db.url, migrationsDir: temp.dir })).alreadyApplied).toBe(1);
  });

  it('refuses to run while a failed migration is recorded in _prisma_migrations', async () => {
    const db = await database();
    const temp = await migrations({ '001_good': GOOD });
    await migrate({ databaseUrl: db.url, migrationsDir: temp.dir });
    await withClient(db.url, (client) =>
      client.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, '002_half')`,
        ['00000000-0000-4000-8000-000000000000', 'x'.repeat(64)],
      ),
    );
    const error = await rejection(migrate({ databaseUrl: db.url, migrationsDir: temp.dir }));
    expect(error.code).toBe('FAILED_MIGRATION_RECORDED');
    expect(error.migrationName).toBe('002_half');
  });

  it('refuses a migration that ends its own transaction', async () => {
    const db = await database();
    const temp = await migrations({ '001_commits': 'CREATE TABLE a (id int);\nCOMMIT;\n' });
    const error = await rejection(migrate({ databaseUrl: db.url, migrationsDir: temp.dir }));
    expect(error.code).toBe('MIGRATIONS_DIR');
    expect(error.migrationName).toBe('001_commits');
  });

  it('creates the database when it is missing', async () => {
    const db = await database({ create: false });
    const result = await migrate({ databaseUrl: db.url });
    expect(result.createdDatabase).toBe(true);
    expect(result.database).toBe(db.name);
    expect(await tables(db.url)).toContain('account');
    expect((await migrate({ databaseUrl: db.url })).createdDatabase).toBe(false);
  });

  it('reports a missing database without creating it when asked not to', async () => {
    const db = await database({ create: false });
    const error = await rejection(migrate({ databaseUrl: db.url, createDatabase: false }));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain(`database "${db.name}"`);
  });

  it('says in one line that a role may not create the missing database', async () => {
    const db = await database({ create: false });
    const role = `pillar_test_role_${randomBytes(4).toString('hex')}`;
    await withClient(testServerUrl(), (client) => client.query(`CREATE ROLE ${role} LOGIN NOCREATEDB`));
    cleanups.push(() => withClient(testServerUrl(), (client) => client.query(`DROP ROLE IF EXISTS ${role}`)).then(() => undefined));

    const url = new URL(db.url);
    url.username = role;
    const error = await rejection(migrate({ databaseUrl: url.toString() }));
    expect(error.code).toBe('CREATE_DATABASE_DENIED');
    expect(error.message).toBe(
      `database "${db.name}" does not exist at ${url.hostname}:${url.port || '5432'} and role "${role}" may not create it ` +
        `(an administrator can: CREATE DATABASE "${db.name}" OWNER "${role}")`,
    );
    expect(error.message).not.toContain('\n');
  });

  it('rejects a malformed URL before connecting', async () => {
    for (const url of ['not a url', 'mysql://root@localhost/pillar', 'postgresql://postgres@127.0.0.1:5432/']) {
      const error = await rejection(migrate({ databaseUrl: url }));
      expect(error.code).toBe('INVALID_URL');
    }
  });

  it('reports an unreachable server without a stack', async () => {
    const error = await rejection(migrate({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/pillar', connectTimeoutMs: 2000 }));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toBe('cannot connect to database "pillar" at 127.0.0.1:1: connection refused');
  });
});

/** The migration names in prisma/migrations. */
async function migrationNamesOnDisk(): Promise<string[]> {
  const entries = await readdir(defaultMigrationsDir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}
