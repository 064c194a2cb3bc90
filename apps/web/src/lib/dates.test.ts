import { describe, expect, it } from 'vitest';
import { addDays, asOfParamValue, formatTimestamp, isIsoDate, isoWeekday, todayUtc } from './dates.ts';

describe('calendar days', () => {
  it('validates YYYY-MM-DD strictly', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-11-22', -7)).toBe('2026-11-15');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-11-22', -89)).toBe('2026-08-25');
  });

  it('numbers weekdays from Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-11-16')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
  });

  it('takes today in UTC, whatever the local time zone', () => {
    expect(todayUtc(new Date('2026-11-22T23:30:00-05:00'))).toBe('2026-11-23');
  });

  it('prints timestamps in UTC to the minute', () => {
    expect(formatTimestamp('2026-11-22T14:05:59.000Z')).toBe('2026-11-22 14:05 UTC');
    expect(formatTimestamp(null)).toBe('—');
  });
});

describe('asOfParamValue', () => {
  const today = '2026-11-22';
  it('writes a past day into the URL', () => {
    expect(asOfParamValue('2026-11-01', today)).toBe('2026-11-01');
  });
  it('leaves today out of the URL (the default)', () => {
    expect(asOfParamValue(' 2026-11-22 ', today)).toBeNull();
  });
  it('refuses future and malformed days', () => {
    expect(asOfParamValue('2026-11-23', today)).toBeUndefined();
    expect(asOfParamValue('2026-13-01', today)).toBeUndefined();
    expect(asOfParamValue('yesterday', today)).toBeUndefined();
  });
});
