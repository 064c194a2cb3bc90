import { ConfigError, loadAwsEnv, loadStorageEnv, requireValue } from '@pillar/config';

/** The worker's configuration, read once at boot; a bad value stops the process with one line. */
export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  const storage = loadStorageEnv(source);
  const aws = loadAwsEnv(source);
  const homeRegion = requireValue(aws.AWS_REGION, 'AWS_REGION', 'by the worker (the home region of Security Hub and the Config aggregator)');
  return Object.freeze({
    ...storage,
    homeRegion,
    regions: aws.PILLAR_REGIONS ?? [homeRegion],
    aggregator: aws.PILLAR_CONFIG_AGGREGATOR ?? null,
    syncCron: aws.PILLAR_SYNC_CRON,
    fullSyncCron: aws.PILLAR_FULL_SYNC_CRON,
    /** Redis key prefix of every queue: separate deployments (or test runs) sharing a Redis never meet. */
    queuePrefix: source.PILLAR_QUEUE_PREFIX?.trim() || 'pillar',
    rateLimits: source.PILLAR_AWS_RATE_LIMITS !== 'off',
    /** How long a job's lock lasts: a worker that died without a word is replaced after this (ms). */
    jobLockMs: positiveMs(source.PILLAR_JOB_LOCK_MS, 'PILLAR_JOB_LOCK_MS', 30_000),
  });
}

function positiveMs(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1000 || n > 3_600_000) throw new ConfigError(name, 'must be milliseconds between 1000 and 3600000');
  return n;
}

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;

/** BullMQ connection options from REDIS_URL (BullMQ needs maxRetriesPerRequest null on workers). */
export function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
