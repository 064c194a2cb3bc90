// `pnpm api`: reads the environment once, connects, builds the app with buildApp, listens, closes gracefully.
// Exit codes: 0 stopped by a signal; 1 failed; 3 configuration error (one line naming the variable).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { ConfigError } from '@pillar/config';
import { createPrisma, databaseUnreachable, describeFailure, type PrismaClient } from '@pillar/db';
import { createSyncStarter } from '@pillar/worker/producer';
import { buildApp, loggerOptions } from './app.ts';
import { createAppDeps } from './deps.ts';
import { appConfigFrom, loadServerSettings, REDIS_PREFIX, type ServerSettings } from './env.ts';
import { listenForMetrics } from './plugins/metrics.ts';
import { defaultWebRoot } from './static.ts';

const EXIT_FAILED = 1;
const EXIT_CONFIG = 3;
const SHUTDOWN_GRACE_MS = 10_000;

/** A boot failure the operator fixes in the environment: printed as one line, exit code 3. */
class BootError extends Error {}

async function readTls(tls: NonNullable<ServerSettings['tls']>): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (variable: string, file: string) => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new BootError(`${variable}: cannot read ${file}: ${describeFailure(error)}`);
    }
  };
  return { cert: await read('PILLAR_TLS_CERT', tls.certFile), key: await read('PILLAR_TLS_KEY', tls.keyFile) };
}

async function connectRedis(url: string): Promise<Redis> {
  let booted = false;
  let lastError: unknown;
  const redis = new Redis(url, {
    lazyConnect: true,
    // At boot one failed attempt is an answer; once running, reconnect with a capped backoff.
    retryStrategy: (attempt) => (booted ? Math.min(attempt * 200, 5_000) : null),
  });
  redis.on('error', (error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const where = new URL(url);
    throw new BootError(`REDIS_URL: cannot connect to Redis at ${where.hostname}:${where.port || '6379'}: ${describeFailure(lastError ?? error)}`);
  }
  booted = true;
  return redis;
}

async function checkDatabase(prisma: PrismaClient, url: string): Promise<void> {
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    await prisma.$disconnect().catch(() => undefined);
    throw new BootError(databaseUnreachable(url, error));
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

async function main(): Promise<number> {
  const settings = loadServerSettings(process.env);
  const tls = settings.tls ? await readTls(settings.tls) : null;
  const redis = await connectRedis(settings.redisUrl);
  const prisma = createPrisma(settings.databaseUrl);
  try {
    await checkDatabase(prisma, settings.databaseUrl);
  } catch (error) {
    redis.disconnect();
    throw error;
  }

  // settings.queuePrefix must equal the worker's (PILLAR_QUEUE_PREFIX): the API only produces jobs the worker consumes.
  const syncs = createSyncStarter({ prisma, connection: redis, prefix: settings.queuePrefix });
  const app = await buildApp(
    appConfigFrom(settings, {
      version: version(),
      logger: loggerOptions('info'),
      tls,
      webRoot: defaultWebRoot(),
    }),
    createAppDeps({ prisma, redis, redisPrefix: REDIS_PREFIX, syncs }),
  );

  let metricsListener: Awaited<ReturnType<typeof listenForMetrics>> | null = null;
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(EXIT_FAILED);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.error('shutdown took too long: exiting');
      process.exit(EXIT_FAILED);
    }, SHUTDOWN_GRACE_MS).unref();
    app
      .close()
      .then(() => metricsListener?.close())
      .then(() => syncs.close())
      .then(() => prisma.$disconnect())
      .then(() => redis.quit())
      .then(
        () => {
          process.exitCode = 0;
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exitCode = EXIT_FAILED;
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    await app.close().catch(() => undefined);
    await syncs.close().catch(() => undefined);
    await prisma.$disconnect().catch(() => undefined);
    redis.disconnect();
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    const at = `${settings.host}:${settings.port}`;
    if (code === 'EADDRINUSE') throw new BootError(`PORT: ${at} is already in use (another Pillar API?); set PORT to a free port`);
    if (code === 'EACCES') throw new BootError(`PORT: no permission to listen on ${at}; use a port above 1023`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new BootError(`HOST: ${settings.host} is not an address of this machine`);
    throw error;
  }
  if (settings.metricsPort !== null) {
    try {
      metricsListener = await listenForMetrics(app.metrics, { host: settings.host, port: settings.metricsPort }, app.log);
    } catch (error) {
      await app.close().catch(() => undefined);
      await syncs.close().catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
      redis.disconnect();
      throw new BootError(`PILLAR_METRICS_PORT: cannot listen on ${settings.host}:${settings.metricsPort}: ${describeFailure(error)}`);
    }
    app.log.info({ url: metricsListener.url }, 'metrics listener (no credential: keep it on a private network)');
  }
  return 0;
}

try {
  await main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof BootError) {
    console.error(error.message);
    process.exitCode = EXIT_CONFIG;
  } else {
    console.error(`api: ${describeFailure(error)}`);
    process.exitCode = EXIT_FAILED;
  }
}
