import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export type Child = { proc: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Runs one of Pillar's real entry points (`apps/worker/src/main.ts`, `cli.ts`) as its own process. */
export function spawnEntry(entry: string, args: readonly string[], env: Record<string, string>, nodeArgs: readonly string[] = []): Child {
  // `node --import tsx` rather than the tsx binary: signals reach the program itself, as in production.
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', `${ROOT}${entry}`, ...args], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

export async function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(child.output())) {
    if (child.proc.exitCode !== null) throw new Error(`process exited (${child.proc.exitCode}) before ${pattern}: ${child.output().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${child.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The environment that points a worker or the CLI at a simulator, a database and a queue prefix. */
export function pipelineEnv(o: { simUrl: string; databaseUrl: string; prefix: string; regions: readonly string[]; home: string; lockMs?: number }): Record<string, string> {
  return {
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    AWS_REGION: o.home,
    PILLAR_REGIONS: o.regions.join(','),
    PILLAR_CONFIG_AGGREGATOR: 'pillar-org-aggregator',
    PILLAR_QUEUE_PREFIX: o.prefix,
    PILLAR_JOB_LOCK_MS: String(o.lockMs ?? 4000),
    AWS_ACCESS_KEY_ID: 'AKIAPILLARTEST',
    AWS_SECRET_ACCESS_KEY: 'not-a-secret',
    AWS_ENDPOINT_URL_SECURITYHUB: o.simUrl,
    AWS_ENDPOINT_URL_CONFIG_SERVICE: o.simUrl,
    AWS_ENDPOINT_URL_ORGANIZATIONS: o.simUrl,
    AWS_ENDPOINT_URL_STS: o.simUrl,
  };
}
