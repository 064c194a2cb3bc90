import {
  classifyFinding,
  endStateOf,
  failingChanges,
  GONE,
  pairKey,
  scoreDelta,
  scoreOf,
  SEVERITY_LABELS,
  type DomainKey,
  type FindingEndState,
  type SeverityLabel,
  type IsoWeek,
  type PairStatus,
  type StatusCounts,
} from '@pillar/domain';
import type { FindingChangeCandidate, FindingStateAt, PairChangeCandidate } from '@pillar/db';
import type { FindingOut } from './findings-view.ts';
import type { ChangeOut, ScoreOut } from './totals.ts';
import { changeOut } from './totals.ts';

/** Lists of items in a review hold at most this many (their counts stay exact). */
export const REVIEW_ITEMS_MAX = 500;

export type PairChangeOut = { accountId: string; controlId: string; domain: DomainKey | null; title: string; severity: SeverityLabel | null };
export type AccountChangeOut = ChangeOut & { accountId: string; name: string };
export type FindingListOut = { count: number; items: FindingOut[] };

export type WeeklyReviewOut = {
  week: string;
  from: string;
  to: string;
  previousWeek: string;
  accountId: string | null;
  overall: ChangeOut;
  domains: (ChangeOut & { key: DomainKey; name: string })[];
  accounts: AccountChangeOut[];
  newlyFailing: PairChangeOut[];
  newlyFailingCount: number;
  noLongerFailing: PairChangeOut[];
  noLongerFailingCount: number;
  newFindings: FindingListOut;
  resolvedFindings: FindingListOut;
  suppressedFindings: FindingListOut;
};

const SEVERITY_RANK = new Map<string, number>(SEVERITY_LABELS.map((s, i) => [s, i]));
const severityRank = (s: string | null) => (s === null ? SEVERITY_LABELS.length : (SEVERITY_RANK.get(s) ?? SEVERITY_LABELS.length));

/** Most severe first, then by account and control. */
export function byPairSeverity(a: PairChangeOut, b: PairChangeOut): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.accountId.localeCompare(b.accountId) || a.controlId.localeCompare(b.controlId);
}

/**
 * SCORING.md's newly failing / no longer failing pairs among the candidates (pairs with an all-region row
 * starting in the week: every other pair has the same status at both ends).
 */
export function pairChanges(candidates: readonly PairChangeCandidate[]): { newlyFailing: PairChangeOut[]; noLongerFailing: PairChangeOut[] } {
  const before = new Map<string, PairStatus>();
  const after = new Map<string, PairStatus>();
  const byKey = new Map<string, PairChangeOut>();
  for (const c of candidates) {
    const key = pairKey(c.accountId, c.controlId);
    if (c.before !== null) before.set(key, c.before as PairStatus);
    if (c.after !== null) after.set(key, c.after as PairStatus);
    // domain and severity are CHECK-constrained to these vocabularies in the database.
    byKey.set(key, {
      accountId: c.accountId,
      controlId: c.controlId,
      domain: c.domain as DomainKey | null,
      title: c.title,
      severity: c.severity as SeverityLabel | null,
    });
  }
  const changes = failingChanges(before, after);
  const pick = (keys: string[]) => keys.map((k) => byKey.get(k)).filter((p): p is PairChangeOut => p !== undefined).sort(byPairSeverity);
  return { newlyFailing: pick(changes.newlyFailing), noLongerFailing: pick(changes.noLongerFailing) };
}

/** A recorded finding state as the weekly diff sees it. */
export function endStateOfRecorded(s: FindingStateAt): FindingEndState {
  if (s.state === 'gone') return GONE;
  return endStateOf({
    isOpen: s.isOpen,
    recordState: s.state === 'archived' ? 'ARCHIVED' : 'ACTIVE',
    complianceStatus: s.complianceStatus,
    workflowStatus: s.workflowStatus,
  });
}

/** Ids of new, resolved and suppressed findings of the week, in candidate order (newest id first). */
export function findingChanges(
  candidates: readonly FindingChangeCandidate[],
  week: IsoWeek,
): { newFindings: string[]; resolvedFindings: string[]; suppressedFindings: string[] } {
  const out = { newFindings: [] as string[], resolvedFindings: [] as string[], suppressedFindings: [] as string[] };
  for (const c of candidates) {
    const change = classifyFinding(
      {
        id: c.id,
        firstObservedAt: c.firstObservedAt.toISOString(),
        previous: c.before === null ? null : endStateOfRecorded(c.before),
        current: c.after === null ? null : endStateOfRecorded(c.after),
      },
      week,
    );
    if (change === 'new') out.newFindings.push(c.id);
    else if (change === 'resolved') out.resolvedFindings.push(c.id);
    else if (change === 'suppressed') out.suppressedFindings.push(c.id);
  }
  return out;
}

/** Per-account changes, biggest regression first; accounts without a delta last; then by id. */
export function accountChanges(
  accounts: readonly { accountId: string; name: string; current: StatusCounts; previous: StatusCounts }[],
): AccountChangeOut[] {
  // Sorted on the unrounded deltas; the rounded ones are what is sent.
  const rows = accounts.map((a) => ({
    out: { accountId: a.accountId, name: a.name, ...changeOut(a.current, a.previous) },
    raw: scoreDelta(scoreOf(a.current).score, scoreOf(a.previous).score),
  }));
  rows.sort((a, b) => {
    if (a.raw === null || b.raw === null) {
      return a.raw === b.raw ? a.out.accountId.localeCompare(b.out.accountId) : a.raw === null ? 1 : -1;
    }
    return a.raw - b.raw || a.out.accountId.localeCompare(b.out.accountId);
  });
  return rows.map((r) => r.out);
}

/** `72.5`, or `no data`. */
export function formatScore(s: ScoreOut): string {
  return s.score === null ? 'no data' : s.score.toFixed(1);
}

/** `+2.5`, `-1.0`, `0.0`, or `n/a`. */
export function formatDelta(delta: number | null): string {
  if (delta === null) return 'n/a';
  return `${delta > 0 ? '+' : ''}${delta.toFixed(1)}`;
}
