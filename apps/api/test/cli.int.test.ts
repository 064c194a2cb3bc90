import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, PASSWORD, REDIS_URL, uniqueEmail, type TestApp } from './helpers.ts';

// The `pillar` CLI as an operator runs it (`pnpm pillar ...` is `tsx apps/worker/src/cli.ts ...`), against the
// database of an API under test: what the CLI creates must work over HTTP.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'apps/worker/src/cli.ts');

type Run = { code: number | null; stdout: string; stderr: string };

let t: TestApp;

function pillar(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { PILLAR_PASSWORD: _ignored, ...inherited } = process.env;
    const child = spawn(TSX, [CLI, ...args], {
      cwd: ROOT,
      env: { ...inherited, DATABASE_URL: t.db.url, REDIS_URL, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

beforeAll(async () => {
  t = await buildTestApp();
});

afterAll(async () => {
  await t.close();
});

describe('pillar token', () => {
  it('create prints a working token as the last line of stdout, audited as the cli', async () => {
    const run = await pillar(['token', 'create', '--name', 'ci', '--role', 'admin']);
    expect(run.code, run.stderr).toBe(0);
    const secret = lines(run.stdout).at(-1) ?? '';
    expect(secret).toMatch(/^pillar_[\w-]{43}$/);
    await t.http.get('/api/v1/me').set(bearer(secret)).expect(200, { email: null, role: 'admin', tokenName: 'ci' });
    const audit = await t.db.prisma.auditLog.findFirst({ where: { action: 'token.create' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ actorType: 'system', actorLabel: 'cli', detail: { name: 'ci', role: 'admin' } });
  });

  it('revoke stops a token at once; an unknown id fails (1) and a malformed one is a usage error (3)', async () => {
    const created = await pillar(['token', 'create', '--name', 'short-lived', '--role', 'viewer']);
    const secret = lines(created.stdout).at(-1) ?? '';
    const { id } = await t.db.prisma.apiToken.findFirstOrThrow({ where: { name: 'short-lived' } });
    const revoked = await pillar(['token', 'revoke', id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    await t.http.get('/api/v1/me').set(bearer(secret)).expect(401);

    const [unknown, malformed] = await Promise.all([pillar(['token', 'revoke', randomUUID()]), pillar(['token', 'revoke', 'abc'])]);
    expect(unknown.code).toBe(1);
    expect(lines(unknown.stderr)).toEqual([expect.stringMatching(/no token/) as string]);
    expect(malformed.code).toBe(3);
    expect(lines(malformed.stderr)).toHaveLength(1);
  });

  it('refuses a missing or unknown role and a missing name with one line and exit code 3', async () => {
    const cases = [
      ['token', 'create', '--name', 'x'],
      ['token', 'create', '--name', 'x', '--role', 'root'],
      ['token', 'create', '--role', 'viewer'],
      ['token', 'create', '--name', '', '--role', 'viewer'],
      ['token', 'frobnicate'],
    ];
    const runs = await Promise.all(cases.map((args) => pillar(args)));
    for (const [i, args] of cases.entries()) {
      const run = runs[i] as Run;
      expect(run.code, args.join(' ')).toBe(3);
      expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
  });

  it('names DATABASE_URL in one line (exit 3) when the database cannot be reached', async () => {
    const run = await pillar(['token', 'create', '--name', 'x', '--role', 'viewer'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' });
    expect(run.code).toBe(3);
    expect(lines(run.stderr)).toEqual(['DATABASE_URL: cannot connect to database "nowhere" at 127.0.0.1:1: not reachable (is Postgres running there?)']);
  });
});

describe('pillar user', () => {
  it('create takes the password from PILLAR_PASSWORD; the user can log in; list shows them', async () => {
    const email = uniqueEmail('Cli');
    const run = await pillar(['user', 'create', '--email', email, '--role', 'viewer'], { PILLAR_PASSWORD: PASSWORD });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain(PASSWORD);
    await t.http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    const audit = await t.db.prisma.auditLog.findFirst({ where: { action: 'user.create', target: email.toLowerCase() } });
    expect(audit).toMatchObject({ actorType: 'system', actorLabel: 'cli' });

    const [again, list] = await Promise.all([
      pillar(['user', 'create', '--email', email, '--role', 'admin'], { PILLAR_PASSWORD: PASSWORD }),
      pillar(['user', 'list']),
    ]);
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toEqual([expect.stringMatching(/already exists/) as string]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(email.toLowerCase());
    expect(list.stdout).not.toMatch(/scrypt/);
  });

  it('refuses a short password, a missing one without a terminal, and a bad email, with exit code 3', async () => {
    const [short, missing, badEmail] = await Promise.all([
      pillar(['user', 'create', '--email', uniqueEmail(), '--role', 'viewer'], { PILLAR_PASSWORD: 'short' }),
      pillar(['user', 'create', '--email', uniqueEmail(), '--role', 'viewer']),
      pillar(['user', 'create', '--email', 'not-an-email', '--role', 'viewer'], { PILLAR_PASSWORD: PASSWORD }),
    ]);
    expect(short.code).toBe(3);
    expect(lines(short.stderr)).toEqual(['PILLAR_PASSWORD: must be at least 12 characters']);
    expect(missing.code).toBe(3);
    expect(lines(missing.stderr)).toEqual([expect.stringMatching(/^PILLAR_PASSWORD: /) as string]);
    expect(badEmail.code).toBe(3);
    expect(lines(badEmail.stderr)).toHaveLength(1);
  });
});
