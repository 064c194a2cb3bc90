import { describe, expect, it } from 'vitest';
import { addWeeks, compareWeeks, formatWeekRange, lastFullWeek, parseWeek, weekBounds, weekOf, weeksInYear } from './iso-week.ts';

describe('ISO weeks', () => {
  it('finds the week of a day', () => {
    expect(weekOf('2026-11-16')).toBe('2026-W47'); // Monday
    expect(weekOf('2026-11-22')).toBe('2026-W47'); // Sunday
    expect(weekOf('2026-11-23')).toBe('2026-W48');
  });

  it('puts the first days of January in the previous year when their Thursday is there', () => {
    expect(weekOf('2021-01-03')).toBe('2020-W53');
    expect(weekOf('2027-01-01')).toBe('2026-W53');
  });

  it('puts the last days of December in week 1 of the next year when their Thursday is there', () => {
    expect(weekOf('2025-12-29')).toBe('2026-W01');
    expect(weekOf('2024-12-30')).toBe('2025-W01');
  });

  it('knows which years have 53 weeks', () => {
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
  });

  it('gives Monday and Sunday of a week', () => {
    expect(weekBounds('2026-W47')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(weekBounds('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(weekBounds('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
  });

  it('refuses weeks that do not exist', () => {
    expect(parseWeek('2025-W53')).toBeNull();
    expect(parseWeek('2026-W00')).toBeNull();
    expect(() => weekBounds('2025-W53')).toThrow(RangeError);
  });

  it('steps across year boundaries', () => {
    expect(addWeeks('2026-W53', 1)).toBe('2027-W01');
    expect(addWeeks('2027-W01', -1)).toBe('2026-W53');
    expect(addWeeks('2026-W47', -47)).toBe('2025-W52');
  });

  it('defaults to the last full week: the one before today’s, even on a Sunday', () => {
    expect(lastFullWeek('2026-11-25')).toBe('2026-W47'); // Wednesday of W48
    expect(lastFullWeek('2026-11-22')).toBe('2026-W46'); // Sunday of W47: W47 is not over yet
    expect(lastFullWeek('2026-11-23')).toBe('2026-W47'); // Monday of W48
  });

  it('orders weeks in time', () => {
    expect(compareWeeks('2026-W01', '2025-W52')).toBeGreaterThan(0);
    expect(compareWeeks('2026-W47', '2026-W47')).toBe(0);
  });

  it('prints the week as its days', () => {
    expect(formatWeekRange('2026-W47')).toBe('Mon 16 Nov – Sun 22 Nov');
  });
});
