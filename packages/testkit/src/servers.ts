import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Private database and cache servers for tests that stop or restart them: their own data folder and a free port,
 * so the shared servers (and other tests) are never disturbed.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const PG_BIN = process.env.PILLAR_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Postgres refuses to run as root: run its tools as the `postgres` user when we are root. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export type PrivatePostgres = { url: string; port: number; restart(): Promise<void>; stop(): Promise<void> };

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-pg-'));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const [initCmd, initArgs] = asPostgres(`${PG_BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const ctl = (action: 'start' | 'stop', extra: string[] = []) => {
    const [cmd, args] = asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-w', '-l', join(dir, 'log'), action, ...extra]);
    execFileSync(cmd, args, { stdio: 'ignore' });
  };
  const start = () => ctl('start', ['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`]);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart() {
      ctl('stop', ['-m', 'fast']);
      await new Promise((r) => setTimeout(r, 500));
      start();
    },
    stop() {
      try {
        ctl('stop', ['-m', 'immediate']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return Promise.resolve();
    },
  };
}

export type PrivateRedis = { url: string; port: number; restart(): Promise<void>; stop(): Promise<void> };

/** A Redis with no persistence: a restart loses every key, as the shared one here would. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let proc = launch();
  function launch() {
    return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  }
  async function ready() {
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`private redis on ${port} did not start`);
  }
  async function kill() {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }
  await ready();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await kill();
      proc = launch();
      await ready();
    },
    stop: kill,
  };
}
