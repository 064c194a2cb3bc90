import type { AwsSource } from '@pillar/aws';
import type { PartKey, PrismaClient } from '@pillar/db';
import type { Queue } from 'bullmq';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { JobName, Payload } from './queues.ts';

export type WorkerSettings = {
  /** Regions read for Security Hub (and for Config without an aggregator). */
  regions: readonly string[];
  /** AWS_REGION: where the aggregator, Organizations and STS are called. */
  homeRegion: string;
  aggregator: string | null;
  /** False only for benchmarks against the simulator with its limits off. */
  rateLimits: boolean;
};

/** Puts a job on its queue; `jobId` makes it idempotent (an existing id is not added twice). */
export type Enqueue = <N extends JobName>(name: N, payload: Payload<N>, jobId: string) => Promise<void>;

/**
 * Puts a sync part's next job on its queue, recording it on the part first: the watchdog re-adds it if the queue
 * loses it (the job id makes that harmless when it did not).
 */
export type EnqueuePart = <N extends JobName>(runId: string, part: PartKey, name: N, payload: Payload<N>, jobId: string) => Promise<void>;

/** What every job handler may use: narrowed per handler with Pick<>. */
export type JobContext = {
  pool: pg.Pool;
  /** Prisma over the same pool. */
  prisma: PrismaClient;
  aws: AwsSource;
  settings: WorkerSettings;
  enqueue: Enqueue;
  enqueuePart: EnqueuePart;
  log: Logger;
};

export type QueueSet = { get(name: string): Queue; close(): Promise<void> };
