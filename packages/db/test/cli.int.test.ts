import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testkit/src/index.ts';
import { repoRoot } from './support/paths.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `pnpm db:migrate` as the root script runs it: tsx packages/db/src/cli/migrate.ts. */
function runCli(databaseUrl: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['packages/db/src/cli/migrate.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnpm db:migrate', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it.each([
    ['not a URL', 'not a url'],
    ['another scheme', 'mysql://root@127.0.0.1/pillar'],
    ['no database name', 'postgresql://postgres@127.0.0.1:5432'],
  ])('exits 3 with one line naming DATABASE_URL when it has %s', async (_what, url) => {
    const run = await runCli(url);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^DATABASE_URL: [^\n]+\n$/);
    expect(run.stderr).toContain('expected postgresql://');
  });

  it('exits 3 with one line naming DATABASE_URL when the server is unreachable, without the password', async () => {
    const run = await runCli('postgresql://postgres:s3cret@127.0.0.1:1/pillar');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('DATABASE_URL: cannot connect to database "pillar" at 127.0.0.1:1: connection refused\n');
  });

  it('creates and migrates a missing database, then finds it up to date', async () => {
    const db = await createTestDatabase({ create: false });
    databases.push(db);
    const first = await runCli(db.url);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`created database ${db.name}\n`);
    expect(first.stdout).toMatch(/^applied \d{14}_init$/m);

    const second = await runCli(db.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`^database ${db.name} is up to date \\(\\d+ migrations? applied\\)\\n$`));
  });
});
