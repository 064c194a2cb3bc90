import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway migrations directory in Prisma's layout. */
export interface TempMigrations {
  readonly dir: string;
  write(name: string, sql: string): Promise<void>;
  remove(): Promise<void>;
}

export async function tempMigrations(files: Record<string, string> = {}): Promise<TempMigrations> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pillar-migrations-'));
  const write = async (name: string, sql: string) => {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  };
  for (const [name, sql] of Object.entries(files)) await write(name, sql);
  return { dir, write, remove: () => rm(dir, { recursive: true, force: true }) };
}
