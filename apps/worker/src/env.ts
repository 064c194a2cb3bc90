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
    /** GET /metrics of this process (Prometheus, no authentication): off unless PILLAR_WORKER_METRICS_PORT is set. */
    metricsListen: metricsListen(source),
  });
}

function metricsListen(source: Record<string, string | undefined>): { host: string; port: number } | null {
  const raw = source.PILLAR_WORKER_METRICS_PORT?.trim();
  if (!raw) return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new ConfigError('PILLAR_WORKER_METRICS_PORT', 'must be a port number between 1 and 65535');
  // Loopback unless told otherwise (a Prometheus in another container needs the container's address).
  const host = source.PILLAR_WORKER_METRICS_HOST?.trim() || '127.0.0.1';
  if (host.length > 255) throw new ConfigError('PILLAR_WORKER_METRICS_HOST', 'must be a host name or address');
  return { host, port };
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
