import { Prisma } from '../generated/prisma/client.ts';
import { ALL_REGIONS } from '../vocabulary.ts';
import { domainOn, type ReadDb } from './sql.ts';

/** A pair whose all-region status may differ between the ends of two weeks, with its status at both. */
export type PairChangeCandidate = {
  accountId: string;
  controlId: string;
  title: string;
  severity: string | null;
  /** The control's domain in force at the end of `s2` (as that day was recorded, `domainOn`); null = unmapped. */
  domain: string | null;
  /** Status at the end of day `s1` / `s2`; null = no pair then. */
  before: string | null;
  after: string | null;
};

function statusAt(alias: string, day: string): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
      SELECT p.status, p.to_day FROM pair_state p
      WHERE p.account_id = cand.account_id AND p.region = ${ALL_REGIONS} AND p.control_id = cand.control_id
        AND p.from_day <= ${day}::date
      ORDER BY p.from_day DESC LIMIT 1
    ) ${Prisma.raw(alias)} ON true`;
}

/**
 * Pairs whose status can differ between the end of `s1` and the end of `s2` (s1 < s2): only pairs with an
 * all-region row starting in (s1, s2] (index (region, from_day)); their status at s1 and s2 by primary-key probes.
 */
export async function pairChangeCandidates(
  db: ReadDb,
  input: { s1: string; s2: string; accountId?: string | undefined },
): Promise<PairChangeCandidate[]> {
  const account = input.accountId === undefined ? Prisma.empty : Prisma.sql`AND account_id = ${input.accountId}`;
  return db.$queryRaw<PairChangeCandidate[]>`
    WITH cand AS (
      SELECT DISTINCT account_id, control_id FROM pair_state
      WHERE region = ${ALL_REGIONS} AND from_day > ${input.s1}::date AND from_day <= ${input.s2}::date ${account}
    )
    SELECT cand.account_id AS "accountId", cand.control_id AS "controlId", c.title, c.severity,
      ${domainOn('cand.control_id', input.s2)} AS domain,
      (CASE WHEN b.to_day IS NULL OR b.to_day > ${input.s1}::date THEN b.status END) AS before,
      (CASE WHEN a.to_day IS NULL OR a.to_day > ${input.s2}::date THEN a.status END) AS after
    FROM cand
    JOIN control c ON c.id = cand.control_id
    ${statusAt('b', input.s1)}
    ${statusAt('a', input.s2)}
    ORDER BY cand.account_id, cand.control_id`;
}

/** A finding's recorded state at the end of a day. */
export type FindingStateAt = {
  state: string;
  isOpen: boolean;
  complianceStatus: string | null;
  workflowStatus: string;
};

/** A finding that may be new, resolved or suppressed in a week, with its state at both ends. */
export type FindingChangeCandidate = {
  id: string;
  firstObservedAt: Date;
  /** State at the end of `s1` / `s2`; null = not recorded then. */
  before: FindingStateAt | null;
  after: FindingStateAt | null;
};

function findingStateAt(alias: string, day: string): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
      SELECT s.state, s.is_open, s.compliance_status, s.workflow_status, s.to_day FROM finding_state s
      WHERE s.finding_id = f.id AND s.from_day <= ${day}::date
      ORDER BY s.from_day DESC LIMIT 1
    ) ${Prisma.raw(alias)} ON ${Prisma.raw(alias)}.to_day IS NULL OR ${Prisma.raw(alias)}.to_day > ${day}::date`;
}

type RawCandidate = {
  id: string;
  firstObservedAt: Date;
  bState: string | null;
  bOpen: boolean | null;
  bCompliance: string | null;
  bWorkflow: string | null;
  aState: string | null;
  aOpen: boolean | null;
  aCompliance: string | null;
  aWorkflow: string | null;
};

function stateOf(state: string | null, isOpen: boolean | null, compliance: string | null, workflow: string | null): FindingStateAt | null {
  if (state === null) return null;
  return { state, isOpen: isOpen === true, complianceStatus: compliance, workflowStatus: workflow ?? 'NEW' };
}

/**
 * Findings that can be new, resolved or suppressed in a week ending `s2` (previous week ending `s1`): those
 * first observed in [weekStart, weekEnd) (index first_observed_at) and those whose state changed in (s1, s2]
 * (index finding_state.from_day); their states at s1 and s2 by finding_state primary-key probes.
 */
export async function findingChangeCandidates(
  db: ReadDb,
  input: { s1: string; s2: string; weekStart: Date; weekEnd: Date; accountId?: string | undefined },
): Promise<FindingChangeCandidate[]> {
  const account = input.accountId === undefined ? Prisma.empty : Prisma.sql`AND account_id = ${input.accountId}`;
  const changed =
    input.accountId === undefined
      ? Prisma.sql`SELECT finding_id FROM finding_state WHERE from_day > ${input.s1}::date AND from_day <= ${input.s2}::date`
      : Prisma.sql`SELECT s.finding_id FROM finding_state s JOIN finding x ON x.id = s.finding_id
          WHERE s.from_day > ${input.s1}::date AND s.from_day <= ${input.s2}::date AND x.account_id = ${input.accountId}`;
  const rows = await db.$queryRaw<RawCandidate[]>`
    WITH cand AS (
      SELECT id FROM finding
      WHERE first_observed_at >= ${input.weekStart} AND first_observed_at < ${input.weekEnd} ${account}
      UNION
      ${changed}
    )
    SELECT f.id::text AS id, f.first_observed_at AS "firstObservedAt",
      b.state AS "bState", b.is_open AS "bOpen", b.compliance_status AS "bCompliance", b.workflow_status AS "bWorkflow",
      a.state AS "aState", a.is_open AS "aOpen", a.compliance_status AS "aCompliance", a.workflow_status AS "aWorkflow"
    FROM cand JOIN finding f ON f.id = cand.id
    ${findingStateAt('b', input.s1)}
    ${findingStateAt('a', input.s2)}
    ORDER BY f.id DESC`;
  return rows.map((r) => ({
    id: r.id,
    firstObservedAt: r.firstObservedAt,
    before: stateOf(r.bState, r.bOpen, r.bCompliance, r.bWorkflow),
    after: stateOf(r.aState, r.aOpen, r.aCompliance, r.aWorkflow),
  }));
}
