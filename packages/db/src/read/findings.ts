import { Prisma } from '../generated/prisma/client.ts';
import { domainOn, type ReadDb } from './sql.ts';

/** A finding as the findings list shows it (no raw JSON). */
export type FindingRow = {
  id: string;
  productArn: string;
  productName: string;
  accountId: string;
  region: string;
  controlId: string | null;
  /** A control check's control domain in force on the given day, else the product domain; null = none. */
  domain: string | null;
  title: string;
  severity: string;
  complianceStatus: string | null;
  workflowStatus: string;
  recordState: string;
  resourceType: string | null;
  resourceIds: string[];
  firstObservedAt: Date;
  updatedAt: Date;
};

export type FindingFilter = {
  accountId?: string | undefined;
  controlId?: string | undefined;
  /** Findings whose control's domain (today) is this, or whose product domain is this. */
  domain?: { key: string; controlIds: readonly string[] } | undefined;
  severities?: readonly string[] | undefined;
  /** true: open findings only; false: findings that are not open. */
  open?: boolean | undefined;
  /** Substring of control id, title or resource ids (case-insensitive). */
  q?: string | undefined;
};

/**
 * `%q%` for LIKE with `\`, `%` and `_` escaped (backslash is LIKE's default escape). Not lowercased here: the query
 * lowercases it with Postgres's lower(), as search_text was, since JavaScript's differs (`İ` gives two characters).
 */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The finding columns the list reads (never `raw`, which only the drawer reads). */
const LIST_COLUMNS = Prisma.raw(
  'id, product_arn, product_name, account_id, region, control_id, domain, title, severity_label, compliance_status, ' +
    'workflow_status, record_state, resource_type, resource_ids, first_observed_at, aws_updated_at',
);

function conditions(filter: FindingFilter, beforeId: bigint | undefined): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.accountId !== undefined) parts.push(Prisma.sql`account_id = ${filter.accountId}`);
  if (filter.controlId !== undefined) parts.push(Prisma.sql`control_id = ${filter.controlId}`);
  if (filter.domain !== undefined) {
    parts.push(Prisma.sql`(control_id = ANY(${[...filter.domain.controlIds]}::text[]) OR domain = ${filter.domain.key})`);
  }
  if (filter.severities !== undefined && filter.severities.length > 0) {
    parts.push(Prisma.sql`severity_label = ANY(${[...filter.severities]}::text[])`);
  }
  if (filter.open !== undefined) parts.push(filter.open ? Prisma.sql`is_open` : Prisma.sql`NOT is_open`);
  if (filter.q !== undefined && filter.q !== '') parts.push(Prisma.sql`search_text LIKE lower(${likePattern(filter.q)})`);
  if (beforeId !== undefined) parts.push(Prisma.sql`id < ${beforeId.toString()}::bigint`);
  return Prisma.join(parts, ' AND ');
}

/** The list columns of `inner` (a finding subquery) with the domain in force on `day` (`domainOn`). */
function listSelect(day: string, inner: Prisma.Sql, extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    SELECT f.id::text AS id, f.product_arn AS "productArn", f.product_name AS "productName", f.account_id AS "accountId",
      f.region, f.control_id AS "controlId",
      (CASE WHEN f.control_id IS NULL THEN f.domain ELSE ${domainOn('f.control_id', day)} END) AS domain,
      f.title, f.severity_label AS severity, f.compliance_status AS "complianceStatus",
      f.workflow_status AS "workflowStatus", f.record_state AS "recordState", f.resource_type AS "resourceType",
      f.resource_ids AS "resourceIds", f.first_observed_at AS "firstObservedAt", f.aws_updated_at AS "updatedAt" ${extra}
    FROM ${inner} AS f
    LEFT JOIN control c ON c.id = f.control_id
    ORDER BY f.id DESC`;
}

/**
 * One page of findings, newest id first, after the cursor id: `ORDER BY id DESC LIMIT n` over the index the
 * filters select ((account_id, id), (control_id, id), (domain, id), (is_open, severity_label, id), the trigram
 * GIN index for `q`). `hasMore` tells whether another page follows.
 */
export async function findingsPage(
  db: ReadDb,
  input: { filter: FindingFilter; beforeId?: bigint | undefined; limit: number; day: string },
): Promise<{ rows: FindingRow[]; hasMore: boolean }> {
  const inner = Prisma.sql`(SELECT ${LIST_COLUMNS} FROM finding WHERE ${conditions(input.filter, input.beforeId)}
    ORDER BY id DESC LIMIT ${input.limit + 1}::int)`;
  const rows = await db.$queryRaw<FindingRow[]>(listSelect(input.day, inner));
  return { rows: rows.slice(0, input.limit), hasMore: rows.length > input.limit };
}

/**
 * The finding columns of `finding x` as they were at the end of `day`, where its recorded state tells: compliance
 * and workflow status and severity from the finding_state interval in force on `day` (primary-key probe), the record
 * state from the state (`archived`; a finding found `gone` keeps the record state of its last state before). A
 * finding with no state recorded on `day` (or an interval without a severity) shows its current columns. Nothing
 * else has history (title, resources, aws_updated_at are the latest AWS sent); the identity columns never change.
 */
function columnsAtEndOf(day: string): Prisma.Sql {
  return Prisma.sql`x.id, x.product_arn, x.product_name, x.account_id, x.region, x.control_id, x.domain, x.title,
    coalesce(s.severity_label, x.severity_label) AS severity_label,
    (CASE WHEN s.state IS NULL THEN x.compliance_status ELSE s.compliance_status END) AS compliance_status,
    coalesce(s.workflow_status, x.workflow_status) AS workflow_status,
    (CASE WHEN s.state IS NULL THEN x.record_state WHEN s.state = 'archived' THEN 'ARCHIVED'
          WHEN s.state = 'gone' THEN coalesce(g.record_state, x.record_state) ELSE 'ACTIVE' END) AS record_state,
    x.resource_type, x.resource_ids, x.first_observed_at, x.aws_updated_at
    FROM finding x
    LEFT JOIN LATERAL (
      SELECT st.state, st.compliance_status, st.workflow_status, st.severity_label, st.from_day, st.to_day FROM finding_state st
      WHERE st.finding_id = x.id AND st.from_day <= ${day}::date
      ORDER BY st.from_day DESC LIMIT 1
    ) s ON s.to_day IS NULL OR s.to_day > ${day}::date
    LEFT JOIN LATERAL (
      SELECT CASE WHEN p.state = 'archived' THEN 'ARCHIVED' ELSE 'ACTIVE' END AS record_state FROM finding_state p
      WHERE p.finding_id = x.id AND p.from_day < s.from_day AND p.state <> 'gone'
      ORDER BY p.from_day DESC LIMIT 1
    ) g ON s.state = 'gone'`;
}

/**
 * Findings by id (primary key), newest first, in the list's shape, as they were at the end of `day` (the weekly
 * review's items: `columnsAtEndOf`), with the domain in force that day.
 */
export async function findingsAtEndOf(db: ReadDb, input: { ids: readonly string[]; day: string }): Promise<FindingRow[]> {
  if (input.ids.length === 0) return [];
  const inner = Prisma.sql`(SELECT ${columnsAtEndOf(input.day)} WHERE x.id = ANY(${[...input.ids]}::bigint[]))`;
  return db.$queryRaw<FindingRow[]>(listSelect(input.day, inner));
}

export type FindingDetailRow = FindingRow & { raw: unknown; controlRemediationUrl: string | null };

/** One finding with its raw ASFF and its control's remediation URL (primary key): the finding drawer. */
export async function findingDetail(db: ReadDb, input: { id: string; day: string }): Promise<FindingDetailRow | null> {
  const inner = Prisma.sql`(SELECT ${LIST_COLUMNS}, raw FROM finding WHERE id = ${input.id}::bigint)`;
  const rows = await db.$queryRaw<FindingDetailRow[]>(
    listSelect(input.day, inner, Prisma.sql`, f.raw, c.remediation_url AS "controlRemediationUrl"`),
  );
  return rows[0] ?? null;
}

/**
 * Ids of the controls whose domain in force on `day` is `domain` (`domainOn`: the control table, ~1,000 rows, each
 * with a control_day primary-key probe).
 */
export async function controlIdsInDomain(db: ReadDb, input: { domain: string; day: string }): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM control c WHERE ${domainOn('c.id', input.day)} = ${input.domain}`;
  return rows.map((r) => r.id);
}
