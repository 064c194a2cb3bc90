// The API for the read and load benchmarks, wired exactly as apps/api/src/server.ts wires it (loadServerSettings ->
// appConfigFrom -> buildApp with createAppDeps over createPrisma + ioredis + the sync starter), on a fixture database,
// with a viewer API token. The per-credential rate limit is the server's own setting, PILLAR_RATE_LIMIT (requests per
// minute per credential, default 1200), raised so that the benchmark measures the routes rather than the 429s; the
// limiter itself still runs (one Redis round trip per request), as in production.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Redis } from 'ioredis';
import { createPrisma, type PrismaClient } from '@pillar/db';
import { deleteRedisKeys, uniqueRedisPrefix } from '@pillar/testkit';
import { createSyncStarter } from '@pillar/worker/producer';
import { buildApp, loggerOptions } from '../apps/api/src/app.ts';
import { createAppDeps, type AppDeps } from '../apps/api/src/deps.ts';
import { appConfigFrom, loadServerSettings } from '../apps/api/src/env.ts';
import { createAuditLog, createIdentity } from '../packages/identity/src/index.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** PILLAR_RATE_LIMIT for the benchmarks: far above any rate they reach. */
export const BENCH_RATE_LIMIT = '100000000';

export type App = Awaited<ReturnType<typeof buildApp>>;

/** The server's environment for a database (what an operator would set), with the rate limit raised. */
export function serverEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    PILLAR_SESSION_SECRET: randomBytes(36).toString('base64'),
    PILLAR_RATE_LIMIT: BENCH_RATE_LIMIT,
    HOST: '127.0.0.1',
    ...extra,
  };
}

/** A viewer API token, created through the identity service as the CLI does; returns the bearer secret. */
export async function createViewerToken(prisma: PrismaClient, redis: Redis, redisPrefix: string, name: string): Promise<string> {
  const identity = createIdentity({ prisma, redis, redisPrefix, audit: createAuditLog(prisma) });
  const { secret } = await identity.createToken(
    { name: `${name}-${Date.now().toString(36)}`, role: 'viewer' },
    { kind: 'system', label: 'bench' },
    { ip: null, userAgent: null, requestId: null },
  );
  return secret;
}

export type InProcessApi = {
  app: App;
  baseUrl: string;
  /** The app's own Prisma client (the same pool its routes use). */
  prisma: PrismaClient;
  deps: AppDeps;
  token: string;
  close(): Promise<void>;
};

/**
 * The app in this process, listening on 127.0.0.1 (an ephemeral port), with the production logger (level info)
 * writing to /dev/null, so that its cost is paid but the terminal stays readable.
 */
export async function startInProcessApi(databaseUrl: string): Promise<InProcessApi> {
  const settings = loadServerSettings(serverEnv(databaseUrl));
  const redis = new Redis(settings.redisUrl, { lazyConnect: true });
  await redis.connect();
  const prisma = createPrisma(settings.databaseUrl);
  const redisPrefix = `${uniqueRedisPrefix('bench-read')}:`;
  const queuePrefix = redisPrefix.slice(0, -1);
  const syncs = createSyncStarter({ prisma, connection: redis, prefix: queuePrefix });
  const deps = createAppDeps({ prisma, redis, redisPrefix, syncs });
  const logSink = createWriteStream('/dev/null');
  const app = await buildApp(
    appConfigFrom(settings, { version: 'bench', logger: loggerOptions('info', logSink), tls: null, webRoot: null, redisPrefix, queuePrefix }),
    deps,
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const token = await createViewerToken(prisma, redis, redisPrefix, 'bench-read');
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    prisma,
    deps,
    token,
    async close() {
      await app.close();
      await syncs.close();
      await deleteRedisKeys(redis, queuePrefix);
      redis.disconnect();
      await prisma.$disconnect();
      logSink.end();
    },
  };
}
