import type pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { inTransaction, type Sql } from './sql.ts';

export type SyncKindName = 'incremental' | 'full';
export type PartKey = { source: 'securityhub' | 'config' | 'organizations'; accountId: string; region: string };
export type RunRow = {
  id: string;
  kind: SyncKindName;
  status: string;
  as_of: string;
  parts_total: number;
  parts_done: number;
  parts_failed: number;
  finalised_at: Date | null;
};

const LOCK_ACTIVE_RUN = 72707370;

/**
 * Creates a sync run, or joins the one already queued or running (CONTRACT.md: a new request joins it). The
 * check and the insert happen under one transaction-scoped advisory lock, so two requests never make two runs.
 */
export async function createOrJoinRun(
  prisma: Pick<PrismaClient, '$transaction'>,
  input: { kind: SyncKindName; asOf: string; requestedBy: string },
): Promise<{ id: string; joined: boolean; asOf: string; kind: SyncKindName }> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_ACTIVE_RUN}::bigint)`;
    const active = await tx.$queryRaw<{ id: string; as_of: string; kind: SyncKindName }[]>`
      SELECT id::text, to_char(as_of, 'YYYY-MM-DD') AS as_of, kind FROM sync_run
      WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 1`;
    const found = active[0];
    if (found) return { id: found.id, joined: true, asOf: found.as_of, kind: found.kind };
    const created = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO sync_run (kind, as_of, requested_by) VALUES (${input.kind}, ${input.asOf}::date, ${input.requestedBy.slice(0, 256)})
      RETURNING id::text`;
    return { id: created[0]!.id, joined: false, asOf: input.asOf, kind: input.kind };
  });
}

export async function getRun(sql: Sql, id: string): Promise<RunRow | null> {
  const { rows } = await sql.query<RunRow>(
    `SELECT id, kind, status, to_char(as_of, 'YYYY-MM-DD') AS as_of, parts_total, parts_done, parts_failed, finalised_at
     FROM sync_run WHERE id = $1::uuid`,
    [id],
  );
  return rows[0] ?? null;
}

/** Adds parts to a run (idempotent); the total grows by the parts that are new, before any of them can finish. */
export async function addParts(pool: pg.Pool, runId: string, parts: readonly PartKey[]): Promise<number> {
  if (parts.length === 0) return 0;
  return inTransaction(pool, async (sql) => {
    const { rowCount } = await sql.query(
      `INSERT INTO sync_part (sync_run_id, source, account_id, region)
       SELECT $1::uuid, source, account_id, region FROM jsonb_to_recordset($2::jsonb) AS x(source text, account_id text, region text)
       ON CONFLICT DO NOTHING`,
      [runId, JSON.stringify(parts.map((p) => ({ source: p.source, account_id: p.accountId, region: p.region })))],
    );
    const added = rowCount ?? 0;
    await sql.query(
      `UPDATE sync_run SET parts_total = parts_total + $2, status = CASE WHEN status = 'queued' THEN 'running' ELSE status END,
         started_at = coalesce(started_at, now()) WHERE id = $1::uuid`,
      [runId, added],
    );
    return added;
  });
}

/** A part starts (or restarts after a crash): attempts are counted. */
export async function startPart(sql: Sql, runId: string, part: PartKey): Promise<void> {
  await sql.query(
    `UPDATE sync_part SET status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, now())
     WHERE sync_run_id = $1::uuid AND source = $2 AND account_id = $3 AND region = $4 AND status IN ('queued', 'running')`,
    [runId, part.source, part.accountId, part.region],
  );
}

/** Progress of a part and of its run, per page. */
export async function addProgress(sql: Sql, runId: string, part: PartKey, n: { items: number; findingsRead?: number; findingsWritten?: number; evaluations?: number }): Promise<void> {
  await sql.query(
    `WITH p AS (UPDATE sync_part SET items_read = items_read + $5
       WHERE sync_run_id = $1::uuid AND source = $2 AND account_id = $3 AND region = $4)
     UPDATE sync_run SET findings_read = findings_read + $6, findings_written = findings_written + $7,
       evaluations_read = evaluations_read + $8 WHERE id = $1::uuid`,
    [runId, part.source, part.accountId, part.region, n.items, n.findingsRead ?? 0, n.findingsWritten ?? 0, n.evaluations ?? 0],
  );
}

/**
 * Ends a part exactly once (a retried job finds it ended and changes nothing). Returns whether every part of
 * the run has now ended, i.e. the caller must enqueue the finalisation.
 */
export async function endPart(
  pool: pg.Pool,
  runId: string,
  part: PartKey,
  outcome: { ok: true } | { ok: false; code: string; message: string },
): Promise<{ allEnded: boolean }> {
  return inTransaction(pool, async (sql) => {
    // The part's page registry has served its purpose once it ends (late duplicates of its page jobs find the
    // part ended). First, so that locks are taken in the order a page's store takes them: pages, part, run.
    await sql.query(`DELETE FROM sync_page WHERE sync_run_id = $1::uuid AND source = $2 AND account_id = $3 AND region = $4`, [runId, part.source, part.accountId, part.region]);
    const ended = await sql.query(
      `UPDATE sync_part SET status = $5, finished_at = now(), error_code = $6, error_message = $7
       WHERE sync_run_id = $1::uuid AND source = $2 AND account_id = $3 AND region = $4 AND status IN ('queued', 'running')`,
      [runId, part.source, part.accountId, part.region, outcome.ok ? 'succeeded' : 'failed', outcome.ok ? null : outcome.code.slice(0, 64), outcome.ok ? null : outcome.message.slice(0, 1000)],
    );
    const column = outcome.ok ? 'parts_done' : 'parts_failed';
    const { rows } = await sql.query<{ total: number; ended: number }>(
      `UPDATE sync_run SET ${column} = ${column} + $2 WHERE id = $1::uuid
       RETURNING parts_total AS total, parts_done + parts_failed AS ended`,
      [runId, ended.rowCount ?? 0],
    );
    const r = rows[0];
    return { allEnded: r !== undefined && r.total > 0 && r.ended >= r.total };
  });
}

export async function partStatus(sql: Sql, runId: string, part: PartKey): Promise<string | null> {
  const { rows } = await sql.query<{ status: string }>(
    `SELECT status FROM sync_part WHERE sync_run_id = $1::uuid AND source = $2 AND account_id = $3 AND region = $4`,
    [runId, part.source, part.accountId, part.region],
  );
  return rows[0]?.status ?? null;
}

export type Cursor = { cursorAt: Date | null; lastFullAt: Date | null };

export async function getCursor(sql: Sql, key: PartKey): Promise<Cursor | null> {
  const { rows } = await sql.query<{ cursor_at: Date | null; last_full_at: Date | null }>(
    `SELECT cursor_at, last_full_at FROM sync_cursor WHERE source = $1 AND account_id = $2 AND region = $3`,
    [key.source, key.accountId, key.region],
  );
  const r = rows[0];
  return r ? { cursorAt: r.cursor_at, lastFullAt: r.last_full_at } : null;
}

/** Moves a cursor forward only (a late, older value never moves it back). */
export async function saveCursor(sql: Sql, key: PartKey, cursorAt: string | null, full: boolean): Promise<void> {
  await sql.query(
    `INSERT INTO sync_cursor (source, account_id, region, cursor_at, last_full_at)
     VALUES ($1, $2, $3, $4::timestamptz, CASE WHEN $5 THEN now() END)
     ON CONFLICT (source, account_id, region) DO UPDATE SET
       cursor_at = GREATEST(sync_cursor.cursor_at, EXCLUDED.cursor_at),
       last_full_at = coalesce(EXCLUDED.last_full_at, sync_cursor.last_full_at), updated_at = now()`,
    [key.source, key.accountId, key.region, cursorAt, full],
  );
}

/** Claims the run's finalisation: true for exactly one caller. */
export async function claimFinalisation(sql: Sql, runId: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE sync_run SET finalised_at = now() WHERE id = $1::uuid AND finalised_at IS NULL`,
    [runId],
  );
  return (rowCount ?? 0) === 1;
}

/** The run's final status from its parts: succeeded, partial (some failed) or failed (all failed). */
export async function finishRun(sql: Sql, runId: string, error: string | null = null): Promise<string> {
  const { rows } = await sql.query<{ status: string }>(
    // clock_timestamp(), not now(): the finalisation's transaction started before the day was recorded.
    `UPDATE sync_run SET finished_at = clock_timestamp(), error = $2,
       status = CASE WHEN $2::text IS NOT NULL OR (parts_done = 0 AND parts_failed > 0) THEN 'failed'
                     WHEN parts_failed > 0 THEN 'partial' ELSE 'succeeded' END
     WHERE id = $1::uuid RETURNING status`,
    [runId, error],
  );
  return rows[0]?.status ?? 'failed';
}

export type PendingJob = { name: string; payload: unknown; jobId: string };

/** Records the job that carries a part on (before it is enqueued), for the watchdog. */
export async function setPendingJob(sql: Sql, runId: string, part: PartKey, job: PendingJob): Promise<void> {
  await sql.query(
    `UPDATE sync_part SET pending_job = $5::jsonb
     WHERE sync_run_id = $1::uuid AND source = $2 AND account_id = $3 AND region = $4 AND status IN ('queued', 'running')`,
    [runId, part.source, part.accountId, part.region, JSON.stringify(job)],
  );
}

/**
 * Registers the first page job of a paged part before it is enqueued (idempotent); the later pages are
 * registered by markPageStored. The part waits for every registered page to be stored; while one is not, the
 * watchdog puts its job back if a queue lost it.
 */
export async function registerPage(sql: Sql, runId: string, part: PartKey, page: number, job: PendingJob): Promise<void> {
  await sql.query(
    `INSERT INTO sync_page (sync_run_id, source, account_id, region, page, job) VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT DO NOTHING`,
    [runId, part.source, part.accountId, part.region, page, JSON.stringify(job)],
  );
}

/**
 * Marks a page stored, in the transaction that stores its findings (a page whose findings roll back is not
 * stored), and registers the next page (`next`, already enqueued: its own store may even commit first, which is
 * why both are upserts that never turn a stored page back into an unstored one). `last` is given by the final
 * page: the part then has a last page, and the cursor of the whole pull. A page job is registered only by its
 * predecessor's committed store (page 0 by the start), so any page not yet stored leaves an unstored row behind
 * the earliest uncommitted one: a part never looks complete too early.
 */
export async function markPageStored(
  sql: Sql,
  runId: string,
  part: PartKey,
  page: { page: number; job: PendingJob },
  next: { page: number; job: PendingJob } | null,
  last: { cursor: string | null } | null,
): Promise<void> {
  const rows = [{ page: page.page, job: page.job, stored: true }, ...(next ? [{ page: next.page, job: next.job, stored: false }] : [])];
  await sql.query(
    `INSERT INTO sync_page AS g (sync_run_id, source, account_id, region, page, job, stored_at)
     SELECT $1::uuid, $2, $3, $4, x.page, x.job, CASE WHEN x.stored THEN now() END
     FROM jsonb_to_recordset($5::jsonb) AS x(page int, job jsonb, stored boolean) ORDER BY x.page
     ON CONFLICT (sync_run_id, source, account_id, region, page) DO UPDATE SET stored_at = coalesce(g.stored_at, EXCLUDED.stored_at)
     WHERE g.stored_at IS NULL AND EXCLUDED.stored_at IS NOT NULL`,
    [runId, part.source, part.accountId, part.region, JSON.stringify(rows)],
  );
  if (last) {
    await sql.query(
      `UPDATE sync_part SET last_page = $5, cursor_max = $6
       WHERE sync_run_id = $1::uuid AND source = $2 AND account_id = $3 AND region = $4`,
      [runId, part.source, part.accountId, part.region, page.page, last.cursor],
    );
  }
}

export type PartCompletion = {
  /** The last page is stored, every registered page is stored, and the part has not ended yet. */
  complete: boolean;
  /** The cursor the last page recorded for the whole pull (meaningful when complete). */
  cursor: string | null;
};

/**
 * Whether a paged part has every page stored. Asked by each page job after its own store committed: whichever
 * commits last sees every other commit, so at least one job finds the part complete (two may: ending it is
 * idempotent). Pages are scanned only once the last page is known. Pages enqueued before registration existed
 * have no row and are not waited for, so a run in flight across an upgrade ends too.
 */
export async function partCompletion(sql: Sql, runId: string, part: PartKey): Promise<PartCompletion> {
  const { rows } = await sql.query<{ complete: boolean; cursor_max: string | null }>(
    `SELECT p.status IN ('queued', 'running') AND CASE WHEN p.last_page IS NULL THEN false ELSE NOT EXISTS (
         SELECT 1 FROM sync_page g
         WHERE g.sync_run_id = p.sync_run_id AND g.source = p.source AND g.account_id = p.account_id
           AND g.region = p.region AND g.stored_at IS NULL) END AS complete,
       p.cursor_max
     FROM sync_part p WHERE p.sync_run_id = $1::uuid AND p.source = $2 AND p.account_id = $3 AND p.region = $4`,
    [runId, part.source, part.accountId, part.region],
  );
  const r = rows[0];
  return { complete: r?.complete === true, cursor: r?.cursor_max ?? null };
}

export type UnfinishedRun = { id: string; partsTotal: number; ended: number; finalised: boolean; pending: PendingJob[] };

/**
 * Runs not finished after `olderThanMs`, with the jobs their unfinished parts wait for: each part's pending job
 * and the jobs of its registered pages not stored yet.
 */
export async function unfinishedRuns(sql: Sql, olderThanMs: number): Promise<UnfinishedRun[]> {
  const { rows } = await sql.query<{ id: string; parts_total: number; ended: number; finalised: boolean; pending: PendingJob[] | null }>(
    `SELECT r.id::text, r.parts_total, r.parts_done + r.parts_failed AS ended, r.finalised_at IS NOT NULL AS finalised,
       (SELECT jsonb_agg(j.job) FROM (
          SELECT p.pending_job AS job FROM sync_part p
          WHERE p.sync_run_id = r.id AND p.status IN ('queued', 'running') AND p.pending_job IS NOT NULL
          UNION ALL
          SELECT g.job FROM sync_page g
          JOIN sync_part p USING (sync_run_id, source, account_id, region)
          WHERE g.sync_run_id = r.id AND g.stored_at IS NULL AND p.status IN ('queued', 'running')
        ) j) AS pending
     FROM sync_run r
     WHERE r.finished_at IS NULL AND r.created_at < now() - make_interval(secs => $1::double precision / 1000)
     ORDER BY r.created_at`,
    [olderThanMs],
  );
  return rows.map((r) => ({ id: r.id, partsTotal: r.parts_total, ended: r.ended, finalised: r.finalised, pending: r.pending ?? [] }));
}
