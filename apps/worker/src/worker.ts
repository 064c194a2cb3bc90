import { createAwsSource, type AwsSource } from '@pillar/aws';
import { createPrismaOnPool, setPendingJob, upsertControls } from '@pillar/db';
import type { ConnectionOptions, Worker } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import type { EnqueuePart, JobContext, WorkerSettings } from './context.ts';
import { catalogControls } from './controls.ts';
import { createWorkerMetrics, serveMetrics, watchJobs, type WorkerMetrics } from './metrics.ts';
import { createQueues, registerSchedules, startWorkers, type QueueOptions } from './runtime.ts';
import { createCounterBatch } from './shared-counters.ts';
import { startWatchdog } from './watchdog.ts';

export type WorkerOptions = QueueOptions & {
  databaseUrl: string;
  settings: WorkerSettings;
  /** Brought by the caller (tests): it wires `metrics.awsCall` as its `onCall` for AWS calls to be counted. */
  aws?: AwsSource;
  /** This process's metrics; created when absent. */
  metrics?: WorkerMetrics;
  /** Serve GET /metrics here (PILLAR_WORKER_METRICS_PORT); off when absent. */
  metricsListen?: { host: string; port: number };
  log?: Logger;
  schedules?: { incremental: string; full: string };
  concurrency?: number;
  lockMs?: number;
  /** How often unfinished runs are checked for jobs the queues lost (ms). */
  watchdogMs?: number;
};

export type RunningWorker = {
  workers: Worker[];
  metrics: WorkerMetrics;
  /** Where GET /metrics is served, when it is. */
  metricsUrl: string | null;
  close(): Promise<void>;
};

/** A worker process's parts, assembled; `main.ts` and the tests both start workers through this. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const log = opts.log ?? pino({ name: 'pillar-worker' });
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 8 });
  // A restarting Postgres drops idle connections: that is a reason to reconnect, not to crash.
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection lost'));
  const prisma = createPrismaOnPool(pool);
  const metrics = opts.metrics ?? createWorkerMetrics();
  const aws = opts.aws ?? createAwsSource({ homeRegion: opts.settings.homeRegion, onCall: metrics.awsCall });
  const queues = createQueues(opts);
  const counters = counterConnection(opts.connection, log);
  const batch = createCounterBatch(opts.prefix, counters);
  metrics.shareWith(batch);
  // Before any job is taken: a port in use stops the start.
  const server = opts.metricsListen ? await serveMetrics(metrics.registry, opts.metricsListen, log) : null;
  await upsertControls(pool, catalogControls(), { refresh: true });
  if (opts.schedules) await registerSchedules(queues, opts.schedules);
  const enqueuePart: EnqueuePart = async (runId, part, name, payload, jobId) => {
    await setPendingJob(pool, runId, part, { name, payload, jobId });
    await queues.enqueue(name, payload, jobId);
  };
  const ctx: JobContext = { pool, prisma, aws, settings: opts.settings, enqueue: queues.enqueue, enqueuePart, log };
  const workers = startWorkers(ctx, opts);
  for (const worker of workers) watchJobs(worker, { metrics, batch, pool, log });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const watchdog = startWatchdog({ pool, queue: queues.get, log }, opts.watchdogMs ?? 15_000);
  return {
    workers,
    metrics,
    metricsUrl: server?.url ?? null,
    async close() {
      // In-flight jobs finish first (Worker.close waits for them), then connections go.
      await watchdog.stop();
      await Promise.all(workers.map((w) => w.close()));
      await server?.close();
      await batch.flush().catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'shared metrics lost at shutdown'));
      counters.disconnect();
      await queues.close();
      if (!opts.aws) aws.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * The shared counters' own connection (flushed once per job). Unlike the workers' connections, a command gives up
 * when Redis stays away: the counts wait for the next flush, and shutdown never hangs on them.
 */
function counterConnection(connection: ConnectionOptions, log: Logger): Redis {
  const options = { lazyConnect: true, maxRetriesPerRequest: 2 };
  const counters = connection instanceof Redis ? (connection.duplicate(options) as Redis) : new Redis({ ...(connection as RedisOptions), ...options });
  counters.on('error', (err: Error) => log.debug({ err: err.message }, 'metrics counters connection error'));
  return counters;
}
