import { createOrJoinRun } from '@pillar/db';
import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { JobContext, WorkerSettings } from './context.ts';
import { configAggregate, configDetails, configRegion } from './jobs/config.ts';
import { finaliseSync } from './jobs/finalise.ts';
import { organizationsAccounts } from './jobs/organizations.ts';
import { StillThrottled } from './jobs/parts.ts';
import { securityHubPage } from './jobs/securityhub-page.ts';
import { startSync } from './jobs/start-sync.ts';
import { CONFIG_LIMIT, JOB_DEFAULTS, payloads, queueFor, queueNames, SECURITYHUB_LIMIT, type JobName, type Payload } from './queues.ts';

export type QueueOptions = { connection: ConnectionOptions; prefix: string };

/** Producers: one Queue object per queue name, created on first use. */
export function createQueues(opts: QueueOptions) {
  const queues = new Map<string, Queue>();
  const get = (name: string): Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: opts.connection, prefix: opts.prefix, defaultJobOptions: JOB_DEFAULTS });
      queues.set(name, q);
    }
    return q;
  };
  async function enqueue<N extends JobName>(name: N, payload: Payload<N>, jobId: string): Promise<void> {
    const data = payloads[name].parse(payload);
    await get(queueFor(name, data as { region?: string })).add(name, data, { jobId });
  }
  return {
    get,
    enqueue,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

type Handler = (ctx: JobContext, job: Job, data: unknown) => Promise<unknown>;

/** The registry: job name -> handler, each validating its payload at the boundary. */
const handlers: Record<JobName, Handler> = {
  'sync.start': (ctx, _job, d) => startSync(ctx, d as Payload<'sync.start'>),
  'sync.finalise': (ctx, _job, d) => finaliseSync(ctx, d as Payload<'sync.finalise'>),
  'sync.scheduled': async (ctx, _job, d) => {
    const { kind } = d as Payload<'sync.scheduled'>;
    const run = await createOrJoinRun(ctx.prisma, { kind, asOf: new Date().toISOString().slice(0, 10), requestedBy: 'schedule' });
    if (!run.joined) await ctx.enqueue('sync.start', { runId: run.id }, `${run.id}.start`);
    return run;
  },
  'securityhub.page': (ctx, job, d) => securityHubPage(ctx, job, d as Payload<'securityhub.page'>),
  'config.aggregate': (ctx, job, d) => configAggregate(ctx, job, d as Payload<'config.aggregate'>),
  'config.details': (ctx, job, d) => configDetails(ctx, job, d as Payload<'config.details'>),
  'config.region': (ctx, job, d) => configRegion(ctx, job, d as Payload<'config.region'>),
  'organizations.accounts': (ctx, job, d) => organizationsAccounts(ctx, job, d as Payload<'organizations.accounts'>),
};

function isJobName(name: string): name is JobName {
  return Object.hasOwn(payloads, name);
}

/** Every queue a deployment reading these regions uses: the ones startWorkers consumes (metrics, Bull Board). */
export function queueNamesFor(settings: Pick<WorkerSettings, 'regions' | 'homeRegion'>): string[] {
  return [
    queueNames.control,
    queueNames.organizations,
    ...settings.regions.map((r) => queueNames.securityhub(r)),
    ...[...new Set([...settings.regions, settings.homeRegion])].map((r) => queueNames.config(r)),
  ];
}

/** Consumers: one BullMQ Worker per queue, with the limiter of its AWS rate bucket. */
export function startWorkers(ctx: JobContext, opts: QueueOptions & { settings: WorkerSettings; concurrency?: number; lockMs?: number }): Worker[] {
  const limited = opts.settings.rateLimits;
  const specs: { name: string; limiter?: { max: number; duration: number }; concurrency: number }[] = [
    { name: queueNames.control, concurrency: 2 },
    { name: queueNames.organizations, concurrency: 1 },
    // Without limits (benchmarks), a region's pages overlap: one job fetching while the pages before it are stored.
    ...opts.settings.regions.map((r) => ({ name: queueNames.securityhub(r), ...(limited ? { limiter: SECURITYHUB_LIMIT } : {}), concurrency: limited ? 3 : (opts.concurrency ?? 3) })),
    ...[...new Set([...opts.settings.regions, opts.settings.homeRegion])].map((r) => ({
      name: queueNames.config(r),
      ...(limited ? { limiter: CONFIG_LIMIT } : {}),
      // Without limits (benchmarks): a Config details job is one account's rules, one call after another, and
      // thousands of them trailed the Security Hub pull when two or three ran at a time.
      concurrency: limited ? 2 : 8,
    })),
  ];
  return specs.map((spec) => {
    const worker: Worker = new Worker(
      spec.name,
      async (job: Job) => {
        if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job ${job.name}`);
        const parsed = payloads[job.name].safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.issues[0]?.message ?? ''}`);
        try {
          return await handlers[job.name](ctx, job, parsed.data);
        } catch (err) {
          if (err instanceof StillThrottled) {
            // AWS still throttles after the SDK's retries: pause the queue and retry later, never fail.
            await worker.rateLimit(err.retryAfterMs);
            throw Worker.RateLimitError();
          }
          throw err;
        }
      },
      {
        connection: opts.connection,
        prefix: opts.prefix,
        concurrency: spec.concurrency,
        ...(spec.limiter ? { limiter: spec.limiter } : {}),
        // A job whose worker died (SIGKILL) is picked up again after the lock expires.
        lockDuration: opts.lockMs ?? 30_000,
        stalledInterval: Math.max(1000, Math.floor((opts.lockMs ?? 30_000) / 2)),
        maxStalledCount: 5,
      },
    );
    worker.on('failed', (job, err) => ctx.log.error({ queue: spec.name, job: job?.name, jobId: job?.id, err: err.message }, 'job failed'));
    worker.on('error', (err) => ctx.log.error({ queue: spec.name, err: err.message }, 'worker error'));
    return worker;
  });
}

/** The recurring syncs, registered idempotently at worker start. */
export async function registerSchedules(queues: ReturnType<typeof createQueues>, cron: { incremental: string; full: string }): Promise<void> {
  const q = queues.get(queueNames.control);
  await q.upsertJobScheduler('incremental-sync', { pattern: cron.incremental, tz: 'UTC' }, { name: 'sync.scheduled', data: { kind: 'incremental' } });
  await q.upsertJobScheduler('full-sync', { pattern: cron.full, tz: 'UTC' }, { name: 'sync.scheduled', data: { kind: 'full' } });
}
