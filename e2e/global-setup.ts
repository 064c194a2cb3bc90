// Playwright's global setup: builds the web app, then starts a real Pillar (Postgres, Redis, the AWS simulator,
// the worker replaying 21 days of syncs, the API serving the build) on a fresh database, and hands the URL and
// the two logins (admin, viewer) to the specs through the environment. Returns the teardown.
//
// The workspace packages are imported by path: the root package does not depend on them by name.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { RunningDemo } from '../apps/demo/src/index.ts';
import type { createIdentity } from '../packages/identity/src/index.ts';
import { E2E_ENV, E2E_SCENARIO, VIEWER_EMAIL } from './scenario.ts';

type RedisClient = Parameters<typeof createIdentity>[0]['redis'];
type RedisConstructor = new (url: string, options: Record<string, unknown>) => RedisClient;

const root = fileURLToPath(new URL('..', import.meta.url));
const webDir = `${root}apps/web`;
const webRoot = `${webDir}/dist`;

function log(line: string): void {
  console.log(`[e2e setup] ${line}`);
}

/** `vite build` of apps/web, so that the API serves the current code. Prints the first-load JS figure. */
function buildWeb(): void {
  if (process.env.PILLAR_E2E_SKIP_BUILD === '1' && existsSync(`${webRoot}/index.html`)) {
    log('PILLAR_E2E_SKIP_BUILD=1: serving the existing apps/web/dist');
    return;
  }
  const started = Date.now();
  const vite = `${webDir}/node_modules/vite/bin/vite.js`;
  const res = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: webDir, encoding: 'utf8' });
  const output = `${res.stdout}${res.stderr}`;
  if (res.status !== 0) throw new Error(`the web build failed (exit ${res.status ?? res.signal}):\n${output}`);
  const figure = output.split('\n').find((l) => l.startsWith('first-load JS:'));
  log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s; ${figure ?? 'no first-load figure printed'}`);
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  buildWeb();
  if (process.env.PILLAR_E2E_ATTACH === '1') {
    // An environment started by `tsx e2e/serve.ts`, whose PILLAR_E2E_* lines were exported in this shell.
    for (const name of Object.values(E2E_ENV)) {
      if (!process.env[name]) throw new Error(`PILLAR_E2E_ATTACH=1 needs ${name}: export the lines e2e/serve.ts printed`);
    }
    log(`attached to ${process.env[E2E_ENV.url]}`);
    return () => Promise.resolve();
  }

  // Loaded here, not at the top: attaching needs none of the server side.
  const [{ startDemo }, { createAuditLog, createIdentity }, { createTestDatabase, deleteRedisKeys, uniqueRedisPrefix }] = await Promise.all([
    import('../apps/demo/src/index.ts'),
    import('../packages/identity/src/index.ts'),
    import('../packages/testkit/src/index.ts'),
  ]);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const database = await createTestDatabase({ migrate: false });
  const queuePrefix = uniqueRedisPrefix('e2e');
  // ioredis is a dependency of the identity package, not of the root: resolve it from there.
  const { Redis } = createRequire(`${root}packages/identity/package.json`)('ioredis') as { Redis: RedisConstructor };
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });

  let demo: RunningDemo | undefined;
  let stopped: Promise<void> | undefined;
  // Once, whoever asks; every step runs even when an earlier one fails, so the database is always dropped.
  const teardown = () => {
    stopped ??= (async () => {
      const stopping = Date.now();
      const failures: unknown[] = [];
      const step = async (work: () => Promise<unknown>) => {
        try {
          await work();
        } catch (error) {
          failures.push(error);
        }
      };
      await step(async () => demo?.close());
      await step(() => deleteRedisKeys(redis, queuePrefix));
      redis.disconnect();
      await step(() => database.drop());
      log(`stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
      if (failures.length > 0) throw new AggregateError(failures, 'the e2e teardown failed');
    })();
    return stopped;
  };

  // One day for the whole run: the replay ends on it and the specs expect it.
  const today = todayUtc();
  try {
    const replayStarted = Date.now();
    demo = await startDemo({
      databaseUrl: database.url,
      redisUrl,
      host: '127.0.0.1',
      port: 0,
      ...E2E_SCENARIO,
      queuePrefix,
      webRoot,
      today,
    });
    log(`demo ready in ${((Date.now() - replayStarted) / 1000).toFixed(1)} s at ${demo.url} (database ${database.name})`);

    const viewerPassword = randomBytes(12).toString('base64url');
    const identity = createIdentity({ prisma: database.prisma, redis, redisPrefix: 'pillar-demo:', audit: createAuditLog(database.prisma) });
    await identity.createUser(
      { email: VIEWER_EMAIL, password: viewerPassword, role: 'viewer' },
      { kind: 'system', label: 'e2e' },
      { ip: null, userAgent: 'pillar-e2e', requestId: null },
    );

    process.env[E2E_ENV.url] = demo.url;
    process.env[E2E_ENV.adminEmail] = demo.email;
    process.env[E2E_ENV.adminPassword] = demo.password;
    process.env[E2E_ENV.viewerEmail] = VIEWER_EMAIL;
    process.env[E2E_ENV.viewerPassword] = viewerPassword;
    process.env[E2E_ENV.today] = today;
    log(`setup done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  return teardown;
}
