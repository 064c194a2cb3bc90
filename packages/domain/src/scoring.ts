import type { PairStatus } from './pair-status.ts';

/** Numbers of pairs by status. Counts are non-negative integers. */
export interface StatusCounts {
  readonly passed: number;
  readonly failed: number;
  readonly unknown: number;
  readonly noData: number;
}

/**
 * A score with the counts it was computed from. `score = 100 * passed / (passed + failed + unknown)`;
 * `null` when that denominator is 0 (no data is never 0 and never 100).
 */
export interface Score extends StatusCounts {
  readonly score: number | null;
}

export const ZERO_COUNTS: StatusCounts = { passed: 0, failed: 0, unknown: 0, noData: 0 };

/** Pools two sets of pairs (organisation = sum of accounts, never an average of their scores). */
export function addCounts(a: StatusCounts, b: StatusCounts): StatusCounts {
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    unknown: a.unknown + b.unknown,
    noData: a.noData + b.noData,
  };
}

/** Counts one status more. */
export function countStatus(counts: StatusCounts, status: PairStatus): StatusCounts {
  switch (status) {
    case 'PASSED':
      return { ...counts, passed: counts.passed + 1 };
    case 'FAILED':
      return { ...counts, failed: counts.failed + 1 };
    case 'UNKNOWN':
      return { ...counts, unknown: counts.unknown + 1 };
    case 'NO_DATA':
      return { ...counts, noData: counts.noData + 1 };
  }
}

export function countStatuses(statuses: Iterable<PairStatus>): StatusCounts {
  let counts = ZERO_COUNTS;
  for (const status of statuses) counts = countStatus(counts, status);
  return counts;
}

/** The exact (unrounded) score of some counts. NO_DATA pairs are left out of the denominator. */
export function scoreOf(counts: StatusCounts): Score {
  const { passed, failed, unknown, noData } = counts;
  const denominator = passed + failed + unknown;
  // One division of exact integers: the double nearest the true value, so rounding sees 72.45 as 72.45.
  const score = denominator === 0 ? null : (100 * passed) / denominator;
  return { score, passed, failed, unknown, noData };
}

/**
 * Rounds half-up (away from zero, so deltas round symmetrically) to one decimal, for serialisation
 * only. The value is first read to 12 significant digits, which absorbs binary noise
 * (`72.45` -> `72.5`, `1.15 - 1` -> `0.2`) while keeping any real difference a score can have.
 */
export function roundScore(value: number): number;
export function roundScore(value: number | null): number | null;
export function roundScore(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return value;
  const scaled = Number((Math.abs(value) * 10).toPrecision(12));
  const rounded = (Math.sign(value) * Math.round(scaled)) / 10;
  return rounded === 0 ? 0 : rounded;
}

/** A score ready to serialise: the score rounded, the counts unchanged. */
export function roundedScore(score: Score): Score {
  return { ...score, score: roundScore(score.score) };
}

/** `current - previous` from unrounded scores; `null` when either is `null`. Round it only to serialise. */
export function scoreDelta(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}
