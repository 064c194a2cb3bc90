import { Prisma } from '../generated/prisma/client.ts';
import { EFFECTIVE_DOMAIN, overrideOn, type ReadDb } from './sql.ts';

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

/** The list columns of `inner` (a finding subquery) with the domain in force on `day`. */
function listSelect(day: string, inner: Prisma.Sql, extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    SELECT f.id::text AS id, f.product_arn AS "productArn", f.product_name AS "productName", f.account_id AS "accountId",
      f.region, f.control_id AS "controlId",
      (CASE WHEN f.control_id IS NULL THEN f.domain ELSE ${EFFECTIVE_DOMAIN} END) AS domain,
      f.title, f.severity_label AS severity, f.compliance_status AS "complianceStatus",
      f.workflow_status AS "workflowStatus", f.record_state AS "recordState", f.resource_type AS "resourceType",
      f.resource_ids AS "resourceIds", f.first_observed_at AS "firstObservedAt", f.aws_updated_at AS "updatedAt" ${extra}
    FROM ${inner} AS f
    LEFT JOIN control c ON c.id = f.control_id
    LEFT JOIN LATERAL ${overrideOn('f.control_id', day)} o ON true
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

/** Findings by id (primary key), newest first, in the list's shape. */
export async function findingsByIds(db: ReadDb, input: { ids: readonly string[]; day: string }): Promise<FindingRow[]> {
  if (input.ids.length === 0) return [];
  const inner = Prisma.sql`(SELECT ${LIST_COLUMNS} FROM finding WHERE id = ANY(${[...input.ids]}::bigint[]))`;
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

/** Ids of the controls whose domain in force on `day` is `domain` (control table + overrides: ~1,000 rows). */
export async function controlIdsInDomain(db: ReadDb, input: { domain: string; day: string }): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM control c LEFT JOIN LATERAL ${overrideOn('c.id', input.day)} o ON true
    WHERE ${EFFECTIVE_DOMAIN} = ${input.domain}`;
  return rows.map((r) => r.id);
}
