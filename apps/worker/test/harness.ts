import { createAwsSource, type AwsCallObserver, type AwsSource } from '@pillar/aws';
import { createSimulator, type Simulator, type SimulatorOptions } from '@pillar/aws-sim';
import { createTestDatabase, deleteRedisKeys, uniqueRedisPrefix, type TestDatabase } from '@pillar/testkit';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { redisConnection } from '../src/env.ts';
import { createWorkerMetrics } from '../src/metrics.ts';
import { createSyncStarter, type SyncStarter } from '../src/producer.ts';
import { startWorker, type RunningWorker } from '../src/worker.ts';

export const HOME = 'us-east-1';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A real pipeline for a test: simulator over HTTP, a fresh database, a Redis prefix, a worker and a producer. */
export type Pipeline = {
  sim: Simulator;
  db: TestDatabase;
  aws: AwsSource;
  prefix: string;
  worker: RunningWorker;
  starter: SyncStarter;
  /** Starts a sync and waits until its run has finished; returns the run row. */
  sync(opts?: { full?: boolean; asOf?: string }): Promise<RunRow>;
  close(): Promise<void>;
};

export type RunRow = { id: string; status: string; findings_read: number; findings_written: number; parts_failed: number; as_of: string };

export function awsFor(sim: Simulator, onCall?: AwsCallObserver): AwsSource {
  return createAwsSource({
    homeRegion: HOME,
    endpoint: sim.url,
    credentials: { accessKeyId: 'AKIAPILLARTEST', secretAccessKey: 'not-a-secret' },
    now: () => sim.clock.now(),
    maxAttempts: 10,
    ...(onCall ? { onCall } : {}),
  });
}

export async function startPipeline(simOptions: SimulatorOptions, opts: { aggregator?: boolean; rateLimits?: boolean; metricsPort?: number } = {}): Promise<Pipeline> {
  const sim = await createSimulator({ regions: [HOME, 'eu-west-1'], ...simOptions });
  const regions = simOptions.regions ?? [HOME, 'eu-west-1'];
  const db = await createTestDatabase();
  const prefix = uniqueRedisPrefix('worker');
  // The worker's metrics see the calls of this source, as they see the one the worker makes in production.
  const metrics = createWorkerMetrics();
  const aws = awsFor(sim, (call) => metrics.awsCall(call));
  const connection = redisConnection(REDIS_URL);
  const settings = { regions, homeRegion: HOME, aggregator: opts.aggregator === false ? null : 'pillar-org-aggregator', rateLimits: opts.rateLimits ?? false };
  const metricsListen = opts.metricsPort === undefined ? {} : { metricsListen: { host: '127.0.0.1', port: opts.metricsPort } };
  const worker = await startWorker({ databaseUrl: db.url, connection, prefix, settings, aws, metrics, ...metricsListen, log: pino({ level: 'silent' }) });
  const starter = createSyncStarter({ prisma: db.prisma, connection, prefix, today: () => sim.clock.day });
  return {
    sim,
    db,
    aws,
    prefix,
    worker,
    starter,
    async sync(o = {}) {
      const run = await starter.start({ kind: o.full ? 'full' : 'incremental', requestedBy: 'test', ...(o.asOf ? { asOf: o.asOf } : {}) });
      return waitForRun(db, run.id);
    },
    async close() {
      await worker.close();
      await starter.close();
      aws.close();
      await sim.close();
      await db.drop();
      const redis = new Redis(REDIS_URL);
      await deleteRedisKeys(redis, prefix);
      redis.disconnect();
    },
  };
}

export async function waitForRun(db: TestDatabase, id: string, timeoutMs = 90_000): Promise<RunRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.prisma.$queryRaw<(RunRow & { finished_at: Date | null })[]>`
      SELECT id::text, status, findings_read, findings_written, parts_failed, to_char(as_of, 'YYYY-MM-DD') AS as_of, finished_at
      FROM sync_run WHERE id = ${id}::uuid`;
    const run = rows[0];
    if (run?.finished_at) return run;
    if (Date.now() > deadline) throw new Error(`sync ${id} did not finish in ${timeoutMs} ms (status ${run?.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
