import { describe, expect, it } from 'vitest';
import { parseIsoTimestamp } from './iso-timestamp.ts';

describe('parseIsoTimestamp', () => {
  it('accepts the two forms found in ASFF samples', () => {
    expect(parseIsoTimestamp('2020-05-20T05:02:44.203Z')).toBe('2020-05-20T05:02:44.203Z');
    expect(parseIsoTimestamp('2023-03-18T15:43:31Z')).toBe('2023-03-18T15:43:31.000Z');
  });

  it('converts an offset to UTC and cuts fractions to milliseconds', () => {
    expect(parseIsoTimestamp('2020-01-01T01:30:00+02:00')).toBe('2019-12-31T23:30:00.000Z');
    expect(parseIsoTimestamp('2020-01-01T00:00:00.123456789Z')).toBe('2020-01-01T00:00:00.123Z');
  });

  it('refuses impossible dates and times', () => {
    expect(parseIsoTimestamp('2023-02-30T00:00:00Z')).toBeNull();
    expect(parseIsoTimestamp('2023-01-01T24:00:00Z')).toBeNull();
    expect(parseIsoTimestamp('2023-01-01T00:00:00+25:00')).toBeNull();
  });

  it('refuses other shapes', () => {
    expect(parseIsoTimestamp('2023-01-01')).toBeNull();
    expect(parseIsoTimestamp('2023-01-01 00:00:00Z')).toBeNull();
    expect(parseIsoTimestamp('1679154211')).toBeNull();
    expect(parseIsoTimestamp(1679154211)).toBeNull();
    expect(parseIsoTimestamp(null)).toBeNull();
  });
});
