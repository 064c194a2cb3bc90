import { describe, expect, it } from 'vitest';
import { addDays, dayOf, daysInMonth, isoWeekday, parseDay } from './days.ts';

describe('parseDay', () => {
  it('accepts real calendar days', () => {
    expect(parseDay('2026-03-09')).toBe('2026-03-09');
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
  });

  it('refuses days that do not exist or are badly formed', () => {
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('2025-02-29')).toBeNull();
    expect(parseDay('2026-13-01')).toBeNull();
    expect(parseDay('2026-04-31')).toBeNull();
    expect(parseDay('2026-3-9')).toBeNull();
    expect(parseDay('2026-03-09T00:00:00Z')).toBeNull();
    expect(parseDay(20260309)).toBeNull();
  });
});

describe('calendar arithmetic', () => {
  it('counts leap days by the Gregorian rule', () => {
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
  });

  it('adds days across months and years in both directions', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-09', 0)).toBe('2026-03-09');
  });

  it('gives the UTC day of an instant', () => {
    expect(dayOf(new Date('2026-03-08T23:59:59.999Z'))).toBe('2026-03-08');
    expect(dayOf(Date.UTC(2026, 2, 9))).toBe('2026-03-09');
  });

  it('numbers weekdays Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-03-09')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
  });
});
