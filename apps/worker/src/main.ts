import { ConfigError } from '@pillar/config';
import { setFlagsFromString } from 'node:v8';
import { pino } from 'pino';
import { loadWorkerEnv, redisConnection } from './env.ts';
import { startWorker } from './worker.ts';

// Most of the worker's heap is page data that lives for one job: by default V8 lets the old generation grow up to
// fourfold between full collections, which took a bulk pull past 300 MB of RSS (310-330 MB at 40k-100k findings)
// for ~45 MB of live data. Growing it by half instead keeps it near 210-250 MB up to 1M findings, for 15-25%
// more worker CPU in collections (docs/performance.md, Ingest). Read at each collection: it applies from here.
setFlagsFromString('--heap-growing-percent=50');

const log = pino({ name: 'pillar-worker' });

async function main(): Promise<void> {
  const env = loadWorkerEnv();
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL,
    connection: redisConnection(env.REDIS_URL),
    prefix: env.queuePrefix,
    settings: { regions: env.regions, homeRegion: env.homeRegion, aggregator: env.aggregator, rateLimits: env.rateLimits },
    schedules: { incremental: env.syncCron, full: env.fullSyncCron },
    lockMs: env.jobLockMs,
    ...(env.metricsListen ? { metricsListen: env.metricsListen } : {}),
    log,
  });
  log.info({ regions: env.regions, aggregator: env.aggregator, metrics: worker.metricsUrl }, 'worker started');
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'finishing in-flight jobs');
    worker.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(3);
  }
  console.error(`worker failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
