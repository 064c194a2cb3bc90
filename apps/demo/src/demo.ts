import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { appConfigFrom, buildApp, createAppDeps, defaultWebRoot, loadServerSettings, loggerOptions } from '@pillar/api';
import { createAwsSource } from '@pillar/aws';
import { createSimulator, DEFAULT_AGGREGATOR_NAME } from '@pillar/aws-sim';
import { createPrisma, migrate, MigrateError } from '@pillar/db';
import { createAuditLog, createIdentity } from '@pillar/identity';
import { createSyncStarter, createWorkerMetrics, redisConnection, startWorker } from '@pillar/worker';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { storyFor } from './story.ts';

export type DemoOptions = {
  databaseUrl: string;
  redisUrl: string;
  host: string;
  port: number;
  accounts: number;
  regions: readonly string[];
  days: number;
  seed: number;
  queuePrefix: string;
  /** Progress lines (the CLI draws them on one line when it has a terminal). */
  progress?: (done: number, total: number, day: string, replayed: boolean) => void;
  webRoot?: string | null;
  /** The last replayed day (default today, UTC). */
  today?: string;
};

export type RunningDemo = { url: string; email: string; password: string; close(): Promise<void> };

/** A setup problem the user fixes: one line saying what to do. */
export class DemoError extends Error {}

const DAY_MS = 86_400_000;
export const DEMO_EMAIL = 'demo@pillar.local';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

async function portFree(host: string, port: number): Promise<boolean> {
  if (port === 0) return true;
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function checkRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch {
    redis.disconnect();
    const u = new URL(url);
    throw new DemoError(`REDIS_URL: no Redis at ${u.hostname}:${u.port || '6379'}: start one (redis-server, or docker compose up -d redis) or set REDIS_URL`);
  }
}

/** Removes what an earlier demo process may have left in its queues (it is the demo's own prefix). */
async function clearQueues(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/**
 * `pnpm demo`: a database of its own, the simulator with a generated organisation, the real worker replaying
 * `days` days (one finished sync per day, `--as-of` that day, while the organisation changes), then the API and
 * the dashboard. Days already recorded in the demo database are not synced again: a rerun adds no history twice.
 */
export async function startDemo(o: DemoOptions): Promise<RunningDemo> {
  if (!(await portFree(o.host, o.port))) throw new DemoError(`PORT: ${o.host}:${o.port} is already in use: stop what runs there or set PORT`);
  const redis = await checkRedis(o.redisUrl);
  try {
    await migrate({ databaseUrl: o.databaseUrl });
  } catch (err) {
    redis.disconnect();
    if (err instanceof MigrateError) throw new DemoError(`${err.message.split('\n')[0] ?? ''} (is Postgres running? docker compose up -d postgres, or set DATABASE_URL)`);
    throw err;
  }
  await clearQueues(redis, o.queuePrefix);

  const today = o.today ?? new Date().toISOString().slice(0, 10);
  const startDay = addDays(today, -(o.days - 1));
  const sim = await createSimulator({ seed: o.seed, accounts: o.accounts, regions: [...o.regions], startDay, rateLimits: false });
  const home = o.regions[0] ?? 'us-east-1';
  const metrics = createWorkerMetrics();
  const aws = createAwsSource({
    onCall: metrics.awsCall,
    homeRegion: home,
    endpoint: sim.url,
    credentials: { accessKeyId: 'AKIAPILLARDEMO', secretAccessKey: 'demo-only' },
    now: () => sim.clock.now(),
  });
  const prisma = createPrisma(o.databaseUrl);
  const connection = redisConnection(o.redisUrl);
  // Runs a previous demo process left unfinished would be joined forever: close them.
  await prisma.syncRun.updateMany({ where: { status: { in: ['queued', 'running'] } }, data: { status: 'failed', finishedAt: new Date(), error: 'abandoned by an earlier demo process' } });
  const worker = await startWorker({
    databaseUrl: o.databaseUrl,
    connection,
    prefix: o.queuePrefix,
    settings: { regions: o.regions, homeRegion: home, aggregator: DEFAULT_AGGREGATOR_NAME, rateLimits: false },
    aws,
    metrics,
    log: pino({ level: 'warn' }),
  });
  const starter = createSyncStarter({ prisma, connection, prefix: o.queuePrefix, today: () => sim.clock.day });

  const cleanup = async () => {
    await worker.close();
    await starter.close();
    aws.close();
    await sim.close();
    await prisma.$disconnect();
    redis.disconnect();
  };
  try {
    const recorded = new Set((await prisma.recordedDay.findMany({ select: { day: true } })).map((r) => r.day.toISOString().slice(0, 10)));
    for (let i = 0; i < o.days; i++) {
      const day = sim.clock.day;
      const replay = !recorded.has(day);
      if (replay) {
        const run = await starter.start({ kind: 'incremental', asOf: day, requestedBy: 'demo' });
        await waitFinished(prisma, run.id);
      }
      o.progress?.(i + 1, o.days, day, replay);
      if (i < o.days - 1) sim.advanceDay(storyFor(i + 1, o.days));
    }

    const password = randomBytes(12).toString('base64url');
    const audit = createAuditLog(prisma);
    const identity = createIdentity({ prisma, redis, redisPrefix: `${o.queuePrefix}-api:`, audit });
    const origin = { ip: null, userAgent: 'pillar-demo', requestId: null };
    const actor = { kind: 'system' as const, label: 'demo' };
    const existing = await prisma.appUser.findUnique({ where: { email: DEMO_EMAIL } });
    if (existing) await identity.updateUser(existing.id, { password, role: 'admin', disabled: false }, actor, origin);
    else await identity.createUser({ email: DEMO_EMAIL, password, role: 'admin' }, actor, origin);

    const settings = loadServerSettings({
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      HOST: o.host,
      PORT: String(o.port),
      PILLAR_SESSION_SECRET: randomBytes(32).toString('base64url'),
    });
    const app = await buildApp(
      appConfigFrom(settings, { version: 'demo', logger: loggerOptions('warn'), tls: null, webRoot: o.webRoot === undefined ? defaultWebRoot() : o.webRoot, redisPrefix: `${o.queuePrefix}-api:`, queuePrefix: o.queuePrefix }),
      createAppDeps({ prisma, redis, redisPrefix: `${o.queuePrefix}-api:`, syncs: starter }),
    );
    const address = await app.listen({ host: o.host, port: o.port });
    return {
      url: address,
      email: DEMO_EMAIL,
      password,
      async close() {
        await app.close();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function waitFinished(prisma: ReturnType<typeof createPrisma>, id: string): Promise<void> {
  for (;;) {
    const run = await prisma.syncRun.findUniqueOrThrow({ where: { id }, select: { finishedAt: true, status: true } });
    if (run.finishedAt) {
      if (run.status !== 'succeeded') throw new Error(`demo sync ${id} ended ${run.status}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
