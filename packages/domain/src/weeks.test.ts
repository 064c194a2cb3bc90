import { describe, expect, it } from 'vitest';
import {
  formatIsoWeek,
  isInWeek,
  isoWeekOf,
  isoWeekOfInstant,
  lastFullWeekBefore,
  parseIsoWeek,
  previousWeek,
  weekMonday,
  weeksInYear,
  weekSunday,
} from './weeks.ts';

describe('parseIsoWeek and formatIsoWeek', () => {
  it('round-trip YYYY-Www', () => {
    expect(parseIsoWeek('2026-W10')).toEqual({ year: 2026, week: 10 });
    expect(formatIsoWeek({ year: 2026, week: 1 })).toBe('2026-W01');
  });

  it('accept week 53 only in long years', () => {
    expect(parseIsoWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
    expect(parseIsoWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek('2025-W53')).toBeNull();
    expect(parseIsoWeek('2027-W53')).toBeNull();
  });

  it('refuse malformed weeks', () => {
    expect(parseIsoWeek('2026-W00')).toBeNull();
    expect(parseIsoWeek('2026-W54')).toBeNull();
    expect(parseIsoWeek('2026-W1')).toBeNull();
    expect(parseIsoWeek('2026W10')).toBeNull();
    expect(parseIsoWeek(null)).toBeNull();
  });

  it('count 53 weeks in long years only', () => {
    expect([2015, 2020, 2026, 2032].map(weeksInYear)).toEqual([53, 53, 53, 53]);
    expect([2021, 2024, 2025].map(weeksInYear)).toEqual([52, 52, 52]);
  });
});

describe('isoWeekOf', () => {
  it('gives the week of a day, Monday to Sunday', () => {
    expect(isoWeekOf('2026-03-02')).toEqual({ year: 2026, week: 10 });
    expect(isoWeekOf('2026-03-08')).toEqual({ year: 2026, week: 10 });
    expect(isoWeekOf('2026-03-09')).toEqual({ year: 2026, week: 11 });
  });

  it('uses the week-year near New Year', () => {
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf('2027-01-01')).toEqual({ year: 2026, week: 53 });
  });

  it('reads an instant in UTC', () => {
    expect(isoWeekOfInstant(new Date('2026-03-08T23:59:59.999Z'))).toEqual({ year: 2026, week: 10 });
  });
});

describe('week boundaries', () => {
  it('gives Monday and Sunday of a week', () => {
    expect(weekMonday({ year: 2026, week: 10 })).toBe('2026-03-02');
    expect(weekSunday({ year: 2026, week: 10 })).toBe('2026-03-08');
    expect(weekMonday({ year: 2025, week: 1 })).toBe('2024-12-30');
    expect(weekSunday({ year: 2020, week: 53 })).toBe('2021-01-03');
  });

  it('steps back a week across year ends', () => {
    expect(previousWeek({ year: 2026, week: 10 })).toEqual({ year: 2026, week: 9 });
    expect(previousWeek({ year: 2021, week: 1 })).toEqual({ year: 2020, week: 53 });
    expect(previousWeek({ year: 2026, week: 1 })).toEqual({ year: 2025, week: 52 });
  });

  it('holds an instant from Monday 00:00 to Sunday 24:00 UTC', () => {
    const w10 = { year: 2026, week: 10 };
    expect(isInWeek('2026-03-02T00:00:00.000Z', w10)).toBe(true);
    expect(isInWeek('2026-03-08T23:59:59.999Z', w10)).toBe(true);
    expect(isInWeek('2026-03-01T23:59:59.999Z', w10)).toBe(false);
    expect(isInWeek('2026-03-09T00:00:00.000Z', w10)).toBe(false);
    expect(isInWeek('not a date', w10)).toBe(false);
  });
});

describe('lastFullWeekBefore', () => {
  it('is the week that just ended on a Monday', () => {
    expect(lastFullWeekBefore('2026-03-09')).toEqual({ year: 2026, week: 10 });
  });

  it('is the week before on a Sunday, since that Sunday has not passed', () => {
    expect(lastFullWeekBefore('2026-03-08')).toEqual({ year: 2026, week: 9 });
  });

  it('is the same week for every day from Monday to Sunday', () => {
    const days = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15'];
    expect(new Set(days.map((d) => formatIsoWeek(lastFullWeekBefore(d))))).toEqual(new Set(['2026-W10']));
  });

  it('crosses a year end', () => {
    expect(lastFullWeekBefore('2021-01-04')).toEqual({ year: 2020, week: 53 });
  });
});
