import { addParts, getCursor, getRun, type PartKey } from '@pillar/db';
import type { JobContext } from '../context.ts';
import type { Payload } from '../queues.ts';
import { enqueueFirstPage } from './securityhub-page.ts';

/**
 * Fans a run out into its parts: Security Hub per region, Config (the aggregator, or per region), and
 * Organizations. Parts are recorded before their jobs are enqueued, and both steps are idempotent, so a crash
 * in between is repaired by the retry.
 */
export async function startSync(ctx: Pick<JobContext, 'pool' | 'settings' | 'enqueue' | 'enqueuePart'>, p: Payload<'sync.start'>): Promise<void> {
  const run = await getRun(ctx.pool, p.runId);
  if (!run || run.finalised_at) return;
  const { regions, homeRegion, aggregator } = ctx.settings;
  const parts: PartKey[] = [
    ...regions.map((region) => ({ source: 'securityhub' as const, accountId: '*', region })),
    ...(aggregator ? [{ source: 'config' as const, accountId: '*', region: homeRegion }] : regions.map((region) => ({ source: 'config' as const, accountId: '*', region }))),
    { source: 'organizations', accountId: '*', region: homeRegion },
  ];
  await addParts(ctx.pool, p.runId, parts);

  for (const region of regions) {
    const cursor = await getCursor(ctx.pool, { source: 'securityhub', accountId: '*', region });
    const mode =
      run.kind === 'full'
        ? ({ kind: 'full' } as const)
        : cursor?.cursorAt
          ? ({ kind: 'incremental', cursor: cursor.cursorAt.toISOString() } as const)
          : ({ kind: 'initial' } as const);
    await enqueueFirstPage(ctx, { source: 'securityhub', accountId: '*', region }, { runId: p.runId, region, mode, page: 0 });
  }
  if (aggregator) {
    await ctx.enqueuePart(p.runId, { source: 'config', accountId: '*', region: homeRegion }, 'config.aggregate', { runId: p.runId, aggregator, region: homeRegion }, `${p.runId}.cfgagg`);
  } else {
    for (const region of regions) {
      await ctx.enqueuePart(p.runId, { source: 'config', accountId: '*', region }, 'config.region', { runId: p.runId, region }, `${p.runId}.cfg.${region}`);
    }
  }
  await ctx.enqueuePart(p.runId, { source: 'organizations', accountId: '*', region: homeRegion }, 'organizations.accounts', { runId: p.runId, region: homeRegion }, `${p.runId}.org`);
}
