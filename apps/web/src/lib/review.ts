import type { AccountChange, DomainKey, PairChange, WeeklyReview } from '../api/types.ts';
import { DOMAIN_KEYS } from '../api/types.ts';
import { formatCount, formatDelta, formatScore } from './format.ts';

/** CONTRACT.md: review lists hold at most this many items (counts are exact). */
export const REVIEW_LIST_CAP = 500;

/**
 * How many pairs a list stands for: the API's exact count when it sends one (`newlyFailingCount`), else the
 * list's length, "500+" when the list is full.
 */
export function pairCount(items: readonly unknown[], exact: number | undefined): string {
  if (exact !== undefined) return formatCount(exact);
  return items.length >= REVIEW_LIST_CAP ? `${formatCount(REVIEW_LIST_CAP)}+` : formatCount(items.length);
}

/**
 * The one generated sentence at the top of the review: "Organisation 71.2 → 73.0 (▲ +1.8). 12 controls
 * started failing, 20 stopped; 48 new findings, 61 resolved, 3 suppressed."
 */
export function reviewSentence(review: WeeklyReview): string {
  const { overall } = review;
  const scores =
    overall.delta === null
      ? `Organisation ${formatScore(overall.previous.score)} → ${formatScore(overall.current.score)}.`
      : `Organisation ${formatScore(overall.previous.score)} → ${formatScore(overall.current.score)} (${formatDelta(overall.delta)}).`;
  const started = pairCount(review.newlyFailing, review.newlyFailingCount);
  const stopped = pairCount(review.noLongerFailing, review.noLongerFailingCount);
  const startedOne = (review.newlyFailingCount ?? review.newlyFailing.length) === 1;
  const controls = `${started} ${startedOne ? 'control' : 'controls'} started failing, ${stopped} stopped`;
  const findings = `${formatCount(review.newFindings.count)} new ${review.newFindings.count === 1 ? 'finding' : 'findings'}, ${formatCount(review.resolvedFindings.count)} resolved, ${formatCount(review.suppressedFindings.count)} suppressed`;
  return `${scores} ${controls}; ${findings}.`;
}

/** Accounts that lost score (worst first) and that gained (best first); unchanged and "no data" are left out. */
export function accountMovers(accounts: readonly AccountChange[], limit = 10) {
  const withDelta = accounts.filter((a): a is AccountChange & { delta: number } => a.delta !== null);
  const regressions = withDelta.filter((a) => a.delta < 0).sort((a, b) => a.delta - b.delta).slice(0, limit);
  const improvements = withDelta.filter((a) => a.delta > 0).sort((a, b) => b.delta - a.delta).slice(0, limit);
  return { regressions, improvements };
}

export interface PairGroup {
  domain: DomainKey | null;
  items: PairChange[];
}

/** Pairs grouped by domain, in the domains' fixed order, unmapped last; empty groups left out. */
export function groupByDomain(pairs: readonly PairChange[]): PairGroup[] {
  const order: (DomainKey | null)[] = [...DOMAIN_KEYS, null];
  return order
    .map((domain) => ({ domain, items: pairs.filter((p) => (p.domain ?? null) === domain) }))
    .filter((g) => g.items.length > 0);
}
