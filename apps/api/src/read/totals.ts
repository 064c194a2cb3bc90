import {
  addCounts,
  DOMAINS,
  roundScore,
  scoreDelta,
  scoreOf,
  SEVERITY_LABELS,
  ZERO_COUNTS,
  type DomainKey,
  type SeverityLabel,
  type StatusCounts,
} from '@pillar/domain';

export type Severities = Record<SeverityLabel, number>;

/** A row of account_day / org_day (open counts absent where not read): one domain ('' = unmapped). */
export type CountsInput = {
  domain: string;
  passed: number;
  failed: number;
  unknown: number;
  noData: number;
  openCritical?: number;
  openHigh?: number;
  openMedium?: number;
  openLow?: number;
  openInformational?: number;
};

/** Counts of a scope split by domain: domain rows + the unmapped row add up to the overall counts. */
export type Totals = {
  overall: StatusCounts;
  domains: Record<DomainKey, StatusCounts>;
  unmapped: StatusCounts;
  open: Severities;
  openByDomain: Record<DomainKey, Severities>;
};

export const NO_FINDINGS: Severities = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };

function severitiesOf(row: CountsInput): Severities {
  return {
    CRITICAL: row.openCritical ?? 0,
    HIGH: row.openHigh ?? 0,
    MEDIUM: row.openMedium ?? 0,
    LOW: row.openLow ?? 0,
    INFORMATIONAL: row.openInformational ?? 0,
  };
}

function addSeverities(a: Severities, b: Severities): Severities {
  const out = { ...a };
  for (const s of SEVERITY_LABELS) out[s] += b[s];
  return out;
}

function perDomain<T>(value: T): Record<DomainKey, T> {
  return Object.fromEntries(DOMAINS.map((d) => [d.key, value])) as Record<DomainKey, T>;
}

export function emptyTotals(): Totals {
  return { overall: ZERO_COUNTS, domains: perDomain(ZERO_COUNTS), unmapped: ZERO_COUNTS, open: NO_FINDINGS, openByDomain: perDomain(NO_FINDINGS) };
}

/** Sums rows of any sources and regions-already-chosen into totals per domain (SCORING.md: counts pool). */
export function totalsOf(rows: Iterable<CountsInput>): Totals {
  const t = emptyTotals();
  for (const row of rows) {
    const counts: StatusCounts = { passed: row.passed, failed: row.failed, unknown: row.unknown, noData: row.noData };
    const open = severitiesOf(row);
    t.overall = addCounts(t.overall, counts);
    t.open = addSeverities(t.open, open);
    const key = DOMAINS.find((d) => d.key === row.domain)?.key;
    if (key === undefined) {
      t.unmapped = addCounts(t.unmapped, counts);
    } else {
      t.domains[key] = addCounts(t.domains[key], counts);
      t.openByDomain[key] = addSeverities(t.openByDomain[key], open);
    }
  }
  return t;
}

export type ScoreOut = { score: number | null; passed: number; failed: number; unknown: number; noData: number };

/** A Score ready to send: the exact score rounded half-up to one decimal, the counts unchanged. */
export function scoreOut(counts: StatusCounts): ScoreOut {
  const s = scoreOf(counts);
  return { score: roundScore(s.score), passed: s.passed, failed: s.failed, unknown: s.unknown, noData: s.noData };
}

/** The five domains in contract order. */
export function domainScoresOut(t: Totals): (ScoreOut & { key: DomainKey; name: string })[] {
  return DOMAINS.map((d) => ({ key: d.key, name: d.name, ...scoreOut(t.domains[d.key]) }));
}

/** The five domains with their open findings (posture and account pages). */
export function domainPostureOut(t: Totals): (ScoreOut & { key: DomainKey; name: string; openFindings: Severities })[] {
  return DOMAINS.map((d) => ({ key: d.key, name: d.name, ...scoreOut(t.domains[d.key]), openFindings: t.openByDomain[d.key] }));
}

export type ChangeOut = { current: ScoreOut; previous: ScoreOut; delta: number | null };

/** Current and previous scores with the delta of the unrounded scores, rounded only here. */
export function changeOut(current: StatusCounts, previous: StatusCounts): ChangeOut {
  const delta = scoreDelta(scoreOf(current).score, scoreOf(previous).score);
  return { current: scoreOut(current), previous: scoreOut(previous), delta: roundScore(delta) };
}
