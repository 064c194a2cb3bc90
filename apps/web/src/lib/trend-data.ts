import type { Score, TrendPoint } from '../api/types.ts';
import { DOMAIN_KEYS } from '../api/types.ts';
import { addDays } from './dates.ts';

export const SERIES_KEYS = ['overall', ...DOMAIN_KEYS] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

export type TrendRow = { date: string } & Record<SeriesKey, number | null>;

/**
 * The API's points as chart rows: one column per series, the score as the API computed it (nothing is
 * recomputed here). A domain missing from a point reads as null, a gap in its line.
 */
export function toTrendRows(points: readonly TrendPoint[]): TrendRow[] {
  return points.map((point) => {
    const row = { date: point.date, overall: point.overall.score } as TrendRow;
    for (const key of DOMAIN_KEYS) row[key] = point.domains.find((d) => d.key === key)?.score ?? null;
    return row;
  });
}

/** The Score (with counts) behind one series at one point, for the tooltip. */
export function seriesScore(point: TrendPoint, key: SeriesKey): Score | undefined {
  return key === 'overall' ? point.overall : point.domains.find((d) => d.key === key);
}

/** One series' scores, oldest first (sparklines). */
export function seriesValues(points: readonly TrendPoint[], key: SeriesKey): (number | null)[] {
  return points.map((p) => seriesScore(p, key)?.score ?? null);
}

/** `from` of a range of `days` days ending on `to` (both included). */
export function rangeStart(to: string, days: number): string {
  return addDays(to, -(days - 1));
}
