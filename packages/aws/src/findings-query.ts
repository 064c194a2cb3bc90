import type { AwsSecurityFindingFilters, SortCriterion } from '@aws-sdk/client-securityhub';
import { parseIsoTimestamp } from '@pillar/domain';

// Pure planning of the GetFindings queries for each sync mode: no I/O, tested with plain values.

export type FindingsMode =
  /** First sync of a region: every ACTIVE finding, plus those ARCHIVED within the lookback. */
  | { kind: 'initial'; archivedLookbackDays?: number }
  /** Reconciliation: the same set as `initial`; whatever it does not return is gone. */
  | { kind: 'full'; archivedLookbackDays?: number }
  /** Every finding (any RecordState) updated at or after `cursor` minus the overlap window. */
  | { kind: 'incremental'; cursor: string; overlapMinutes?: number };

export type FindingsQueryName = 'active' | 'archived-recent' | 'updated-since';

export interface FindingsQuery {
  name: FindingsQueryName;
  filters: AwsSecurityFindingFilters;
}

export const DEFAULT_ARCHIVED_LOOKBACK_DAYS = 7;
export const DEFAULT_OVERLAP_MINUTES = 15;

/**
 * Security Hub rejects a DateFilter with a Start alone, and a NextToken is only valid with the exact request
 * body it came from: a fixed far-future End satisfies the first and keeps the body stable across pages.
 */
export const OPEN_END = '2100-01-01T00:00:00.000Z';

/** Ascending, so that a caller may advance its cursor as pages land. */
export const FINDINGS_SORT: SortCriterion[] = [{ Field: 'UpdatedAt', SortOrder: 'asc' }];

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

function parseInstant(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a timestamp: ${JSON.stringify(value)}`);
  return ms;
}

function nonNegative(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a non-negative number`);
  return value;
}

/** The incremental window's start: the stored cursor moved back by the overlap window. */
export function incrementalStart(cursor: string, overlapMinutes = DEFAULT_OVERLAP_MINUTES): string {
  const start = parseInstant(cursor, 'cursor') - nonNegative(overlapMinutes, 'overlapMinutes') * MINUTE_MS;
  return new Date(start).toISOString();
}

export function archivedSince(now: Date, lookbackDays = DEFAULT_ARCHIVED_LOOKBACK_DAYS): string {
  return new Date(now.getTime() - nonNegative(lookbackDays, 'archivedLookbackDays') * DAY_MS).toISOString();
}

/** The queries a mode runs, in order. All products: no ProductArn or ProductName filter. */
export function findingQueries(mode: FindingsMode, now: Date): FindingsQuery[] {
  if (mode.kind === 'incremental') {
    return [
      {
        name: 'updated-since',
        filters: { UpdatedAt: [{ Start: incrementalStart(mode.cursor, mode.overlapMinutes), End: OPEN_END }] },
      },
    ];
  }
  return [
    { name: 'active', filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] } },
    {
      name: 'archived-recent',
      filters: {
        RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }],
        UpdatedAt: [{ Start: archivedSince(now, mode.archivedLookbackDays), End: OPEN_END }],
      },
    },
  ];
}

/** How far past the pull's clock an UpdatedAt may be and still advance the cursor (provider clock skew). */
export const CURSOR_SKEW_MINUTES = 5;

/**
 * The later of a running maximum and the UpdatedAt values of a page, as an ISO string. Values beyond
 * `notAfter` are ignored: one finding stamped in the future by a skewed clock would otherwise move the cursor
 * past every real update until then. Such a finding is simply read again by the next incremental pull.
 */
export function maxUpdatedAt(current: string | undefined, findings: readonly unknown[], notAfter?: Date): string | undefined {
  const limit = notAfter ? notAfter.getTime() + CURSOR_SKEW_MINUTES * MINUTE_MS : Number.POSITIVE_INFINITY;
  let best = current === undefined ? Number.NEGATIVE_INFINITY : Date.parse(current);
  for (const finding of findings) {
    // The parser's own reading (RFC 3339, year 1 onwards): Date.parse also takes '1' or year 0, which no
    // finding stored has and Postgres cannot hold as a cursor.
    const value = parseIsoTimestamp((finding as { UpdatedAt?: unknown } | null)?.UpdatedAt);
    if (value === null) continue;
    const ms = Date.parse(value);
    if (ms > best && ms <= limit) best = ms;
  }
  return Number.isFinite(best) ? new Date(best).toISOString() : current;
}
