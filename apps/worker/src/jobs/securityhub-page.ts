import type { FindingsMode } from '@pillar/aws';
import { addProgress, ensureAccounts, inTransaction, markGoneFindings, saveCursor, upsertControls, upsertFindings, type FindingToStore } from '@pillar/db';
import { normalizeFinding, storableJson } from '@pillar/domain';
import type { Job } from 'bullmq';
import type { JobContext } from '../context.ts';
import { controlFromFinding } from '../controls.ts';
import type { Payload } from '../queues.ts';
import { runPartStep } from './parts.ts';

export type Rejected = { id: string | undefined; reason: string };

/**
 * Splits a page into storable findings and rejected ones (counted and logged with their Id, never fatal). A
 * finding is read, and stored, as Postgres can hold it (storableJson): one bad character must not fail its page.
 */
export function parsePage(raw: readonly unknown[]): { rows: FindingToStore[]; rejected: Rejected[] } {
  const rows: FindingToStore[] = [];
  const rejected: Rejected[] = [];
  for (const item of raw) {
    const storable = storableJson(item);
    const result = normalizeFinding(storable.ok ? storable.value : item);
    if (!result.ok) rejected.push({ id: result.id, reason: result.reason });
    else if (!storable.ok) rejected.push({ id: result.finding.id, reason: storable.reason });
    else rows.push({ finding: result.finding, raw: storable.value });
  }
  return { rows, rejected };
}

/** Stores one page in one transaction: its accounts and controls first (foreign keys), then the findings. */
export async function storePage(pool: JobContext['pool'], runId: string, rows: readonly FindingToStore[], markSeen: boolean) {
  return inTransaction(pool, async (sql) => {
    await ensureAccounts(sql, rows.map((r) => r.finding.accountId));
    const controls = rows.flatMap((r) =>
      r.finding.isControlCheck && r.finding.controlId !== null ? [controlFromFinding({ ...r.finding, controlId: r.finding.controlId })] : [],
    );
    await upsertControls(sql, controls, { refresh: false });
    return upsertFindings(sql, runId, rows, { markSeen });
  });
}

/**
 * One GetFindings page per job: BullMQ's limiter on the region's queue then bounds the request rate across
 * every worker process. The next page is enqueued (deterministic job id) before this job completes, so a crash
 * at any point repeats a page at worst, and storing a page twice changes nothing.
 */
export async function securityHubPage(ctx: JobContext, job: Job, p: Payload<'securityhub.page'>): Promise<void> {
  const part = { source: 'securityhub' as const, accountId: '*', region: p.region };
  await runPartStep(ctx, job, p.runId, part, p.page === 0, async (finish) => {
    const mode: FindingsMode = p.mode;
    let page;
    for await (const first of ctx.aws.findingPages({ region: p.region, mode, maxPages: 1, ...(p.token ? { startingToken: p.token } : {}) })) {
      page = first;
      break;
    }
    const findings = page?.findings ?? [];
    const { rows, rejected } = parsePage(findings);
    for (const r of rejected) ctx.log.warn({ runId: p.runId, region: p.region, findingId: r.id, reason: r.reason }, 'finding rejected');
    const stored = await storePage(ctx.pool, p.runId, rows, mode.kind === 'full');
    await addProgress(ctx.pool, p.runId, part, { items: findings.length, findingsRead: findings.length, findingsWritten: stored.written });
    await job.updateProgress({ page: p.page, read: findings.length, written: stored.written, rejected: rejected.length });
    const maxUpdatedAt = later(p.maxUpdatedAt, page?.maxUpdatedAt);
    if (page?.resumeToken) {
      await ctx.enqueuePart(
        p.runId,
        part,
        'securityhub.page',
        { ...p, page: p.page + 1, token: page.resumeToken, ...(maxUpdatedAt ? { maxUpdatedAt } : {}) },
        `${p.runId}.sh.${p.region}.${p.page + 1}`,
      );
      return;
    }
    if (mode.kind === 'full') {
      const gone = await markGoneFindings(ctx.pool, p.runId, p.region);
      if (gone > 0) ctx.log.info({ runId: p.runId, region: p.region, gone }, 'findings no longer returned by AWS');
    }
    await saveCursor(ctx.pool, part, maxUpdatedAt ?? (mode.kind === 'incremental' ? mode.cursor : null), mode.kind !== 'incremental');
    await finish();
  });
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
