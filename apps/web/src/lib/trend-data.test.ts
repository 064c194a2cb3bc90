import { describe, expect, it } from 'vitest';
import { trendPoint } from '../../test/factories.ts';
import { rangeStart, seriesValues, toTrendRows } from './trend-data.ts';

describe('toTrendRows', () => {
  it('puts the API scores of each series in one row per point', () => {
    const rows = toTrendRows([trendPoint('2026-11-21', 70.1, { iam: 60 }), trendPoint('2026-11-22', 71.5, { iam: null })]);
    expect(rows[0]).toMatchObject({ date: '2026-11-21', overall: 70.1, iam: 60 });
    expect(rows[1]).toMatchObject({ date: '2026-11-22', overall: 71.5, iam: null });
  });

  it('reads a domain missing from a point as a gap', () => {
    const point = trendPoint('2026-11-22', 71);
    point.domains = point.domains.filter((d) => d.key !== 'detective');
    expect(toTrendRows([point])[0]?.detective).toBeNull();
  });
});

describe('seriesValues', () => {
  it('gives one series oldest first', () => {
    const points = [trendPoint('2026-11-21', 1, { detective: 50 }), trendPoint('2026-11-22', 2, { detective: null })];
    expect(seriesValues(points, 'detective')).toEqual([50, null]);
    expect(seriesValues(points, 'overall')).toEqual([1, 2]);
  });
});

describe('rangeStart', () => {
  it('counts both ends of the range', () => {
    expect(rangeStart('2026-11-22', 30)).toBe('2026-10-24');
    expect(rangeStart('2026-11-22', 1)).toBe('2026-11-22');
  });
});
