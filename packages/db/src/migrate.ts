import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { connect, createDatabase } from './connection.ts';
import { describeConnectionError, parseDatabaseUrl } from './database-url.ts';
import { MigrateError, errorCode, errorMessage } from './errors.ts';
import { type MigrationFile, checksumMatches, defaultMigrationsDir, readMigrationFiles } from './migration-files.ts';

export interface MigrateOptions {
  readonly databaseUrl: string;
  /** Directory of `<name>/migration.sql` folders; default: the repository's prisma/migrations. */
  readonly migrationsDir?: string;
  /** Create the database when it does not exist (default true). */
  readonly createDatabase?: boolean;
  /** Connection timeout (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Called after each migration is committed. */
  readonly onApplied?: (name: string) => void;
}

export interface MigrateResult {
  readonly database: string;
  readonly createdDatabase: boolean;
  /** Migrations applied by this call, in order. */
  readonly applied: string[];
  /** Migrations found already applied. */
  readonly alreadyApplied: number;
  /** Applied to the database but absent from the directory (a newer version ran here). */
  readonly unknownApplied: string[];
}

/** Prisma Migrate's own advisory-lock key: this runner and `prisma migrate deploy` exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

// Prisma's bookkeeping table, exactly as Prisma creates it, so `prisma migrate status` agrees.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies pending migrations in name order, each in its own transaction, under an advisory lock, and
 * records them in `_prisma_migrations`. Idempotent; safe when several processes run it at once.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const target = parseDatabaseUrl(options.databaseUrl);
  const files = await readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  const timeout = options.connectTimeoutMs ?? 10_000;

  let createdDatabase = false;
  let client: pg.Client;
  try {
    client = await connect(target.url, timeout);
  } catch (error) {
    if (errorCode(error) !== '3D000' || options.createDatabase === false) throw describeConnectionError(target, error);
    createdDatabase = await createDatabase(target, timeout);
    client = await connect(target.url, timeout).catch((e: unknown) => {
      throw describeConnectionError(target, e);
    });
  }

  try {
    // Session-level lock: waits for any other runner on this database; ending the session releases it,
    // also when the connection breaks mid-way.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const outcome = await applyPending(client, files, options.onApplied);
    return { database: target.database, createdDatabase, ...outcome };
  } finally {
    await client.end();
  }
}

async function applyPending(
  client: pg.Client,
  files: MigrationFile[],
  onApplied: ((name: string) => void) | undefined,
): Promise<Omit<MigrateResult, 'database' | 'createdDatabase'>> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
      WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );

  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrateError(
      'FAILED_MIGRATION_RECORDED',
      `migration ${failed.migration_name} is recorded as started but not finished in _prisma_migrations: ` +
        'check the database by hand, then mark it rolled back (`prisma migrate resolve --rolled-back`) or delete that row',
      failed.migration_name,
    );
  }
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  for (const file of files) {
    const recorded = applied.get(file.name);
    if (recorded !== undefined && !checksumMatches(file, recorded)) {
      throw new MigrateError(
        'CHECKSUM_MISMATCH',
        `migration ${file.name} was changed after it was applied (checksum ${recorded.slice(0, 12)}… in the database, ` +
          `${file.checksum.slice(0, 12)}… on disk): restore the file and put the change in a new migration`,
        file.name,
      );
    }
  }

  const names = new Set(files.map((file) => file.name));
  const pending = files.filter((file) => !applied.has(file.name));
  const done: string[] = [];
  for (const file of pending) {
    await applyOne(client, file);
    done.push(file.name);
    onApplied?.(file.name);
  }
  return {
    applied: done,
    alreadyApplied: files.length - pending.length,
    unknownApplied: [...applied.keys()].filter((name) => !names.has(name)),
  };
}

/** One migration and its bookkeeping row commit together, or neither does. */
async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, file.checksum, file.name],
    );
    // No parameters: the simple query protocol runs the whole multi-statement script.
    await client.query(file.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    // The original error is the one to report; if ROLLBACK fails too, the connection is gone and the
    // server rolls the transaction back by itself.
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrateError(
      'MIGRATION_FAILED',
      `migration ${file.name} failed and was rolled back: ${errorMessage(error)}${where(file.sql, error)}`,
      file.name,
      { cause: error },
    );
  }
}

/** " (line N)" from a Postgres error position in the script. */
function where(sql: string, error: unknown): string {
  const position =
    typeof error === 'object' && error !== null && 'position' in error ? Number(error.position) : Number.NaN;
  if (!Number.isInteger(position) || position < 1) return '';
  return ` (line ${sql.slice(0, position - 1).split('\n').length})`;
}
