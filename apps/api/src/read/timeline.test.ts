import { describe, expect, it } from 'vitest';
import { parseIsoWeek, type IsoWeek } from '@pillar/domain';
import { carryForward, expandIntervals, inForce, weekPointDays, weekSpan } from './timeline.ts';

const week = (w: string): IsoWeek => parseIsoWeek(w) ?? (() => { throw new Error(w); })();

describe('carry-forward', () => {
  it('shows each day the latest recorded day on or before it, and the empty value before any', () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'];
    const values = carryForward(days, ['2026-03-02', '2026-03-04'], (d) => `state of ${d}`, 'none');
    expect(values).toEqual(['none', 'state of 2026-03-02', 'state of 2026-03-02', 'state of 2026-03-04', 'state of 2026-03-04']);
  });

  it('uses a recorded day before the range for its first days', () => {
    expect(carryForward(['2026-03-10', '2026-03-11'], ['2026-02-01'], (d) => d, null)).toEqual(['2026-02-01', '2026-02-01']);
  });
});

describe('intervals', () => {
  it('holds a row from its first day up to, not including, its end', () => {
    const row = { fromDay: '2026-03-02', toDay: '2026-03-04' };
    expect(inForce(row, '2026-03-01')).toBe(false);
    expect(inForce(row, '2026-03-02')).toBe(true);
    expect(inForce(row, '2026-03-03')).toBe(true);
    expect(inForce(row, '2026-03-04')).toBe(false);
    expect(inForce({ fromDay: '2026-03-02', toDay: null }, '2030-01-01')).toBe(true);
  });

  it('expands intervals to the rows in force each day', () => {
    const a = { fromDay: '2026-03-01', toDay: '2026-03-03', v: 'a' };
    const b = { fromDay: '2026-03-03', toDay: null, v: 'b' };
    expect(expandIntervals(['2026-02-28', '2026-03-02', '2026-03-03'], [a, b]).map((rows) => rows.map((r) => r.v))).toEqual([[], ['a'], ['b']]);
  });
});

describe('week ends', () => {
  it('ends a past week on its Sunday', () => {
    expect(weekSpan(week('2026-W10'), '2026-11-29')).toMatchObject({
      label: '2026-W10',
      monday: '2026-03-02',
      sunday: '2026-03-08',
      end: '2026-03-08',
      current: false,
    });
  });

  it('ends the current week today', () => {
    expect(weekSpan(week('2026-W48'), '2026-11-25')).toMatchObject({ monday: '2026-11-23', end: '2026-11-25', current: true });
    expect(weekSpan(week('2026-W48'), '2026-11-29')).toMatchObject({ end: '2026-11-29', current: true });
  });

  it('refuses a week that has not started with a 400', () => {
    expect(() => weekSpan(week('2026-W49'), '2026-11-29')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('gives one point per week overlapping the range, on its Sunday or today', () => {
    // 2026-03-04 is a Wednesday of W10; 2026-03-17 a Tuesday of W12.
    expect(weekPointDays('2026-03-04', '2026-03-17', '2026-11-29')).toEqual(['2026-03-08', '2026-03-15', '2026-03-22']);
    expect(weekPointDays('2026-11-20', '2026-11-25', '2026-11-25')).toEqual(['2026-11-22', '2026-11-25']);
  });

  it('crosses ISO year ends', () => {
    // 2026-12-28 (Mon) .. 2027-01-03 (Sun) is 2026-W53.
    expect(weekPointDays('2026-12-30', '2027-01-05', '2027-06-01')).toEqual(['2027-01-03', '2027-01-10']);
  });
});
