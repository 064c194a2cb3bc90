import { createHash } from 'node:crypto';
import type { NormalizedFinding } from '@pillar/domain';
import type { Sql } from './sql.ts';

/** A finding ready to store: its normalised fields and the raw ASFF as AWS sent it. */
export type FindingToStore = { finding: NormalizedFinding; raw: unknown };

export type UpsertFindingsResult = { written: number; unchanged: number };

/** sha256 of the raw finding's JSON: equal hashes mean nothing to rewrite. */
export function contentHash(raw: unknown): string {
  return hashText(JSON.stringify(raw) ?? 'null');
}

function hashText(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

/**
 * A page can hold the same finding twice, and `INSERT ... ON CONFLICT` cannot touch one row twice in a
 * statement: keep one per natural key, the latest UpdatedAt (the later one of equals).
 */
export function dedupeFindings(rows: readonly FindingToStore[]): FindingToStore[] {
  const byKey = new Map<string, FindingToStore>();
  for (const row of rows) {
    const key = `${row.finding.productArn}\u0000${row.finding.id}`;
    const seen = byKey.get(key);
    if (!seen || seen.finding.updatedAt <= row.finding.updatedAt) byKey.set(key, row);
  }
  // In key order, so that concurrent pages holding the same findings lock them in the same order (no deadlock).
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/**
 * One statement per page: inserts new findings, rewrites changed ones (content hash differs, or the finding
 * had been found gone), and leaves unchanged ones alone. An older copy never overwrites a newer one (pages of
 * overlapping queries may arrive in any order). With `markSeen` (full reconciliation) unchanged findings get
 * `last_seen_sync_id` too, so that the ones AWS no longer returns can be told apart.
 */
export async function upsertFindings(sql: Sql, syncRunId: string, rows: readonly FindingToStore[], opts: { markSeen: boolean }): Promise<UpsertFindingsResult> {
  const unique = dedupeFindings(rows);
  if (unique.length === 0) return { written: 0, unchanged: 0 };
  // Each raw finding is serialised once: that text is both what the content hash covers and what is sent.
  const records = unique.map(({ finding: f, raw }) => {
    const rawJson = JSON.stringify(raw) ?? 'null';
    const record = {
      product_arn: f.productArn,
      finding_id: f.id,
      account_id: f.accountId,
      region: f.region,
      // A control id without a Compliance.Status names no check: the table keeps control ids for checks only.
      control_id: f.isControlCheck ? f.controlId : null,
      product_name: f.productName,
      company_name: f.companyName,
      generator_id: f.generatorId,
      title: f.title,
      severity_label: f.severityLabel,
      compliance_status: f.complianceStatus,
      workflow_status: f.workflowStatus,
      record_state: f.recordState,
      is_control_check: f.isControlCheck,
      // Only control checks count toward a pair (the table enforces it).
      counts_for_score: f.isControlCheck && f.countsForScore,
      is_open: f.isOpen,
      domain: f.productDomain,
      resource_type: f.resources[0]?.type ?? null,
      resource_ids: f.resources.map((r) => r.id),
      first_observed_at: f.firstObservedAt,
      aws_created_at: f.createdAt,
      aws_updated_at: f.updatedAt,
      content_hash: hashText(rawJson),
    };
    return `${JSON.stringify(record).slice(0, -1)},"raw":${rawJson}}`;
  });
  const { rows: out } = await sql.query<{ n: number }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
         product_arn text, finding_id text, account_id text, region text, control_id text, product_name text,
         company_name text, generator_id text, title text, severity_label text, compliance_status text,
         workflow_status text, record_state text, is_control_check boolean, counts_for_score boolean,
         is_open boolean, domain text, resource_type text, resource_ids text[], first_observed_at timestamptz,
         aws_created_at timestamptz, aws_updated_at timestamptz, content_hash text, raw jsonb)
     ), written AS (
       INSERT INTO finding AS f (product_arn, finding_id, account_id, region, control_id, product_name, company_name,
         generator_id, title, severity_label, compliance_status, workflow_status, record_state, is_control_check,
         counts_for_score, is_open, domain, resource_type, resource_ids, first_observed_at, aws_created_at,
         aws_updated_at, content_hash, raw, first_seen_sync_id, last_seen_sync_id)
       SELECT product_arn, finding_id, account_id, region, control_id, product_name, company_name, generator_id, title,
         severity_label, compliance_status, workflow_status, record_state, is_control_check, counts_for_score, is_open,
         domain, resource_type, resource_ids, first_observed_at, aws_created_at, aws_updated_at, content_hash, raw,
         $2::uuid, $2::uuid
       FROM input
       ON CONFLICT (product_arn, finding_id) DO UPDATE SET
         account_id = EXCLUDED.account_id, region = EXCLUDED.region, control_id = EXCLUDED.control_id,
         product_name = EXCLUDED.product_name, company_name = EXCLUDED.company_name,
         generator_id = EXCLUDED.generator_id, title = EXCLUDED.title, severity_label = EXCLUDED.severity_label,
         compliance_status = EXCLUDED.compliance_status, workflow_status = EXCLUDED.workflow_status,
         record_state = EXCLUDED.record_state, is_control_check = EXCLUDED.is_control_check,
         counts_for_score = EXCLUDED.counts_for_score, is_open = EXCLUDED.is_open, domain = EXCLUDED.domain,
         resource_type = EXCLUDED.resource_type, resource_ids = EXCLUDED.resource_ids,
         first_observed_at = EXCLUDED.first_observed_at, aws_created_at = EXCLUDED.aws_created_at,
         aws_updated_at = EXCLUDED.aws_updated_at, content_hash = EXCLUDED.content_hash, raw = EXCLUDED.raw,
         last_seen_sync_id = EXCLUDED.last_seen_sync_id, gone_at = NULL, changed_at = now()
       WHERE (f.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR f.gone_at IS NOT NULL)
         AND f.aws_updated_at <= EXCLUDED.aws_updated_at
       RETURNING 1
     ), seen AS (
       UPDATE finding f SET last_seen_sync_id = $2::uuid
       FROM input i
       WHERE $3::boolean AND f.product_arn = i.product_arn AND f.finding_id = i.finding_id
         AND f.last_seen_sync_id <> $2::uuid AND f.gone_at IS NULL
         AND (f.content_hash = i.content_hash OR f.aws_updated_at > i.aws_updated_at)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM written)::int AS n, (SELECT count(*) FROM seen)::int AS s`,
    [`[${records.join(',')}]`, syncRunId, opts.markSeen],
  );
  const written = out[0]?.n ?? 0;
  return { written, unchanged: unique.length - written };
}

/**
 * After a successful full reconciliation of a region: findings AWS did not return are gone (expired or deleted),
 * which an UpdatedAt-incremental pull can never see. Returns how many were marked.
 */
export async function markGoneFindings(sql: Sql, syncRunId: string, region: string): Promise<number> {
  const { rowCount } = await sql.query(
    `UPDATE finding SET gone_at = now(), is_open = false, counts_for_score = false, changed_at = now(),
       last_seen_sync_id = $1::uuid
     WHERE region = $2 AND record_state = 'ACTIVE' AND gone_at IS NULL AND last_seen_sync_id <> $1::uuid`,
    [syncRunId, region],
  );
  return rowCount ?? 0;
}
