import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrateError, errorMessage } from './errors.ts';

export interface MigrationFile {
  /** The directory name, e.g. `20261129160000_init`: migrations apply in this order. */
  readonly name: string;
  readonly sql: string;
  /** sha256 hex of migration.sql, as Prisma records it. */
  readonly checksum: string;
}

/** prisma/migrations of this repository. */
export const defaultMigrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** True when the file still matches the recorded checksum (line endings aside, as Prisma allows). */
export function checksumMatches(file: MigrationFile, recorded: string): boolean {
  if (file.checksum === recorded) return true;
  const lf = file.sql.replace(/\r\n/g, '\n');
  return sha256Hex(lf) === recorded || sha256Hex(lf.replace(/\n/g, '\r\n')) === recorded;
}

// The runner wraps each migration in its own transaction; a migration that ends it would commit half.
const TRANSACTION_CONTROL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK)\s*;/im;

/** Every `<dir>/migration.sql` under the migrations directory, in name order. */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new MigrateError('MIGRATIONS_DIR', `cannot read the migrations directory ${dir}: ${errorMessage(error)}`);
  }
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    let sql: string;
    try {
      sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
    } catch (error) {
      throw new MigrateError('MIGRATIONS_DIR', `migration ${name} has no readable migration.sql: ${errorMessage(error)}`, name);
    }
    if (TRANSACTION_CONTROL.test(sql)) {
      throw new MigrateError(
        'MIGRATIONS_DIR',
        `migration ${name} controls its own transaction (BEGIN/COMMIT/ROLLBACK): each migration already runs in one`,
        name,
      );
    }
    files.push({ name, sql, checksum: sha256Hex(sql) });
  }
  return files;
}
