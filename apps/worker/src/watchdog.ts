import { unfinishedRuns, type PendingJob } from '@pillar/db';
import type { Queue } from 'bullmq';
import type pg from 'pg';
import type { Logger } from 'pino';
import { payloads, queueFor, type JobName } from './queues.ts';

export type WatchdogDeps = { pool: pg.Pool; queue: (name: string) => Queue; log: Logger };

function isJobName(name: string): name is JobName {
  return Object.hasOwn(payloads, name);
}

/**
 * Puts back a job a queue no longer has: absent (Redis restarted without persistence, or lost the last second of
 * writes) or failed for good while the database was down. Present jobs are left alone (the id is deterministic).
 * Returns whether it acted.
 */
async function ensureJob(deps: WatchdogDeps, job: PendingJob): Promise<boolean> {
  if (!isJobName(job.name)) return false;
  const parsed = payloads[job.name].safeParse(job.payload);
  if (!parsed.success) return false;
  const queue = deps.queue(queueFor(job.name, parsed.data as { region?: string }));
  const existing = await queue.getJob(job.jobId);
  if (!existing) {
    await queue.add(job.name, parsed.data, { jobId: job.jobId });
    return true;
  }
  if (await existing.isFailed()) {
    await existing.retry();
    return true;
  }
  return false;
}

/** One pass over the unfinished runs: every part, start and finalisation has a live job afterwards. */
export async function repairRuns(deps: WatchdogDeps, olderThanMs: number): Promise<number> {
  let repaired = 0;
  for (const run of await unfinishedRuns(deps.pool, olderThanMs)) {
    const jobs: PendingJob[] =
      run.partsTotal === 0
        ? [{ name: 'sync.start', payload: { runId: run.id }, jobId: `${run.id}.start` }]
        : run.ended >= run.partsTotal && !run.finalised
          ? [{ name: 'sync.finalise', payload: { runId: run.id }, jobId: `${run.id}.finalise` }]
          : run.pending;
    for (const job of jobs) if (await ensureJob(deps, job)) repaired++;
  }
  if (repaired > 0) deps.log.warn({ repaired }, 'watchdog put back jobs the queues had lost');
  return repaired;
}

/** Runs `repairRuns` every `everyMs` until stopped; errors (Redis or Postgres away) wait for the next turn. */
export function startWatchdog(deps: WatchdogDeps, everyMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = repairRuns(deps, everyMs).catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'watchdog pass failed'));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
