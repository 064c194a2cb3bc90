import type { FindingsMode } from '@pillar/aws';
import {
  addProgress,
  ensureAccounts,
  inTransaction,
  markGoneFindings,
  markPageStored,
  partCompletion,
  partStatus,
  registerPage,
  saveCursor,
  upsertControls,
  upsertFindings,
  type FindingToStore,
  type PartKey,
  type PendingJob,
  type UpsertFindingsResult,
} from '@pillar/db';
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

/** A page job as the part records it (the watchdog re-adds it from this while the page is not stored). */
export function pageJob(payload: Payload<'securityhub.page'>): PendingJob {
  return { name: 'securityhub.page', payload, jobId: `${payload.runId}.sh.${payload.region}.${payload.page}` };
}

/**
 * Which page of which part a store is: the page is marked stored, and the next page (already enqueued)
 * registered, in the same transaction as the findings; `last` on the final page.
 */
export type PageRef = {
  part: PartKey;
  page: Payload<'securityhub.page'>;
  next: Payload<'securityhub.page'> | null;
  last: { cursor: string | null } | null;
  /** Items the page held (progress of the part and run). */
  items: number;
};

/**
 * Stores one page in one transaction: its accounts and controls first (foreign keys), then the findings, and,
 * given `ref`, the page's registry rows and its progress (one commit per page).
 */
export async function storePage(pool: JobContext['pool'], runId: string, rows: readonly FindingToStore[], markSeen: boolean, ref?: PageRef): Promise<UpsertFindingsResult> {
  return inTransaction(pool, async (sql) => {
    await ensureAccounts(sql, rows.map((r) => r.finding.accountId));
    const controls = rows.flatMap((r) =>
      r.finding.isControlCheck && r.finding.controlId !== null ? [controlFromFinding({ ...r.finding, controlId: r.finding.controlId })] : [],
    );
    await upsertControls(sql, controls, { refresh: false });
    const result = await upsertFindings(sql, runId, rows, { markSeen });
    if (ref) {
      // Rows locked in the order every page's store takes them: pages, then the part, then the run.
      const next = ref.next ? { page: ref.next.page, job: pageJob(ref.next) } : null;
      await markPageStored(sql, runId, ref.part, { page: ref.page.page, job: pageJob(ref.page) }, next, ref.last);
      await addProgress(sql, runId, ref.part, { items: ref.items, findingsRead: ref.items, findingsWritten: result.written });
    }
    return result;
  });
}

/** Registers a part's first page job, then enqueues it (the later pages are registered as their predecessor is stored). */
export async function enqueueFirstPage(ctx: Pick<JobContext, 'pool' | 'enqueue'>, part: PartKey, payload: Payload<'securityhub.page'>): Promise<void> {
  const job = pageJob(payload);
  await registerPage(ctx.pool, payload.runId, part, payload.page, job);
  await ctx.enqueue('securityhub.page', payload, job.jobId);
}

/**
 * One GetFindings page per job: BullMQ's limiter on the region's queue then bounds the request rate across
 * every worker process. The next page is enqueued (deterministic job id) right after this page's GetFindings
 * call, before this page is stored, so the next fetch overlaps this store and a region has several pages in
 * flight (up to its queue's concurrency); this page's store transaction then registers the next page. A crash
 * at any point repeats a page at worst, and storing a page twice changes nothing. The part ends only when its
 * last page is known and every registered page is stored: the page job whose store commits last sees that,
 * marks the gone findings (full pull), advances the cursor (GREATEST, to the high-water mark of the whole pull)
 * and ends the part.
 */
export async function securityHubPage(ctx: JobContext, job: Job, p: Payload<'securityhub.page'>): Promise<void> {
  const part = { source: 'securityhub' as const, accountId: '*', region: p.region };
  await runPartStep(ctx, job, p.runId, part, p.page === 0, async (finish) => {
    // A page that failed for good ended the part: the pages already fetched after it have nothing to add.
    if (p.page > 0) {
      const status = await partStatus(ctx.pool, p.runId, part);
      if (status === 'succeeded' || status === 'failed') return;
    }
    const mode: FindingsMode = p.mode;
    let page;
    for await (const first of ctx.aws.findingPages({ region: p.region, mode, maxPages: 1, ...(p.token ? { startingToken: p.token } : {}) })) {
      page = first;
      break;
    }
    const findings = page?.findings ?? [];
    const items = findings.length;
    const maxUpdatedAt = later(p.maxUpdatedAt, page?.maxUpdatedAt);
    // The next page is fetched (by another job) while this one is stored; this page's store registers it.
    const resumeToken = page?.resumeToken;
    const next = resumeToken ? { ...p, page: p.page + 1, token: resumeToken, ...(maxUpdatedAt ? { maxUpdatedAt } : {}) } : null;
    if (next) await ctx.enqueue('securityhub.page', next, pageJob(next).jobId);
    const { rows, rejected } = parsePage(findings);
    for (const r of rejected) ctx.log.warn({ runId: p.runId, region: p.region, findingId: r.id, reason: r.reason }, 'finding rejected');
    const last = resumeToken ? null : { cursor: maxUpdatedAt ?? (mode.kind === 'incremental' ? mode.cursor : null) };
    const stored = await storePage(ctx.pool, p.runId, rows, mode.kind === 'full', { part, page: p, next, last, items });
    await job.updateProgress({ page: p.page, read: items, written: stored.written, rejected: rejected.length });
    // After the commit: the page job that stores last sees every other page stored.
    const completion = await partCompletion(ctx.pool, p.runId, part);
    if (!completion.complete) return;
    if (mode.kind === 'full') {
      const gone = await markGoneFindings(ctx.pool, p.runId, p.region);
      if (gone > 0) ctx.log.info({ runId: p.runId, region: p.region, gone }, 'findings no longer returned by AWS');
    }
    await saveCursor(ctx.pool, part, completion.cursor, mode.kind !== 'incremental');
    await finish();
  });
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
