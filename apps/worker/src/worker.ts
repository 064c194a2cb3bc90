import { createAwsSource, type AwsSource } from '@pillar/aws';
import { createPrismaOnPool, setPendingJob, upsertControls } from '@pillar/db';
import type { Worker } from 'bullmq';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import type { EnqueuePart, JobContext, WorkerSettings } from './context.ts';
import { catalogControls } from './controls.ts';
import { createQueues, registerSchedules, startWorkers, type QueueOptions } from './runtime.ts';
import { startWatchdog } from './watchdog.ts';

export type WorkerOptions = QueueOptions & {
  databaseUrl: string;
  settings: WorkerSettings;
  aws?: AwsSource;
  log?: Logger;
  schedules?: { incremental: string; full: string };
  concurrency?: number;
  lockMs?: number;
  /** How often unfinished runs are checked for jobs the queues lost (ms). */
  watchdogMs?: number;
};

export type RunningWorker = { workers: Worker[]; close(): Promise<void> };

/** A worker process's parts, assembled; `main.ts` and the tests both start workers through this. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const log = opts.log ?? pino({ name: 'pillar-worker' });
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 8 });
  // A restarting Postgres drops idle connections: that is a reason to reconnect, not to crash.
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection lost'));
  const prisma = createPrismaOnPool(pool);
  const aws = opts.aws ?? createAwsSource({ homeRegion: opts.settings.homeRegion });
  const queues = createQueues(opts);
  await upsertControls(pool, catalogControls(), { refresh: true });
  if (opts.schedules) await registerSchedules(queues, opts.schedules);
  const enqueuePart: EnqueuePart = async (runId, part, name, payload, jobId) => {
    await setPendingJob(pool, runId, part, { name, payload, jobId });
    await queues.enqueue(name, payload, jobId);
  };
  const ctx: JobContext = { pool, prisma, aws, settings: opts.settings, enqueue: queues.enqueue, enqueuePart, log };
  const workers = startWorkers(ctx, opts);
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const watchdog = startWatchdog({ pool, queue: queues.get, log }, opts.watchdogMs ?? 15_000);
  return {
    workers,
    async close() {
      // In-flight jobs finish first (Worker.close waits for them), then connections go.
      await watchdog.stop();
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      if (!opts.aws) aws.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
