import { isAwsCollectorError } from '@pillar/aws';
import { endPart, startPart, type PartKey } from '@pillar/db';
import type { Job } from 'bullmq';
import type { JobContext } from '../context.ts';

/** AWS errors that another attempt cannot fix: the part fails at once with the reason. */
const FINAL_KINDS = new Set(['access-denied', 'not-enabled', 'invalid-input', 'not-found']);

/** Thrown by a handler when AWS keeps throttling after the SDK's own retries: the job waits, it never fails. */
export class StillThrottled extends Error {
  constructor(readonly retryAfterMs: number) {
    super('still throttled after retries');
  }
}

function describe(err: unknown): { code: string; message: string } {
  if (isAwsCollectorError(err)) return { code: err.kind, message: err.message };
  if (err instanceof Error) return { code: 'internal', message: err.message.slice(0, 500) };
  return { code: 'internal', message: 'unknown error' };
}

/**
 * Runs one step of a sync part. A step that ends the part calls `finish()`; a failure that retrying cannot fix,
 * or the last attempt's failure, ends the part as failed with its reason, and the other parts go on. When the
 * last part of a run ends, its finalisation is enqueued (idempotent job id: exactly one).
 */
export async function runPartStep(
  ctx: Pick<JobContext, 'pool' | 'enqueue' | 'log'>,
  job: Pick<Job, 'attemptsMade' | 'opts' | 'id'>,
  runId: string,
  part: PartKey,
  first: boolean,
  step: (finish: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const endWith = async (outcome: Parameters<typeof endPart>[3]) => {
    const { allEnded } = await endPart(ctx.pool, runId, part, outcome);
    if (allEnded) await ctx.enqueue('sync.finalise', { runId }, `${runId}.finalise`);
  };
  if (first || job.attemptsMade > 0) await startPart(ctx.pool, runId, part);
  try {
    await step(() => endWith({ ok: true }));
  } catch (err) {
    if (isAwsCollectorError(err) && err.kind === 'throttled') throw new StillThrottled(5000);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const final = isAwsCollectorError(err) && FINAL_KINDS.has(err.kind);
    const { code, message } = describe(err);
    ctx.log.warn({ jobId: job.id, runId, part, code, message, lastAttempt, final }, 'sync part step failed');
    if (final || lastAttempt) {
      await endWith({ ok: false, code, message });
      return;
    }
    throw err;
  }
}
