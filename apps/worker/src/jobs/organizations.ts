import { upsertAccountNames } from '@pillar/db';
import type { Job } from 'bullmq';
import type { JobContext } from '../context.ts';
import type { Payload } from '../queues.ts';
import { runPartStep } from './parts.ts';

/** Account names from AWS Organizations where the caller may list them; otherwise accounts keep their ids. */
export async function organizationsAccounts(ctx: JobContext, job: Job, p: Payload<'organizations.accounts'>): Promise<void> {
  const part = { source: 'organizations' as const, accountId: '*', region: p.region };
  await runPartStep(ctx, job, p.runId, part, true, async (finish) => {
    const accounts = await ctx.aws.listAccounts();
    if (accounts === null) {
      ctx.log.info({ runId: p.runId }, 'Organizations not readable: accounts are shown by id');
    } else {
      await upsertAccountNames(ctx.pool, accounts.filter((a) => /^\d{12}$/.test(a.id)));
      await ctx.pool.query(`UPDATE sync_part SET items_read = $2 WHERE sync_run_id = $1::uuid AND source = 'organizations'`, [p.runId, accounts.length]);
    }
    await finish();
  });
}
