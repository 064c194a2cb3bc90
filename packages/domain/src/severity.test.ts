import { describe, expect, it } from 'vitest';
import { isSeverityLabel, severityFromNormalized } from './severity.ts';

describe('severityFromNormalized', () => {
  it('maps each bound of the AWS ranges', () => {
    expect(severityFromNormalized(0)).toBe('INFORMATIONAL');
    expect(severityFromNormalized(1)).toBe('LOW');
    expect(severityFromNormalized(39)).toBe('LOW');
    expect(severityFromNormalized(40)).toBe('MEDIUM');
    expect(severityFromNormalized(69)).toBe('MEDIUM');
    expect(severityFromNormalized(70)).toBe('HIGH');
    expect(severityFromNormalized(89)).toBe('HIGH');
    expect(severityFromNormalized(90)).toBe('CRITICAL');
    expect(severityFromNormalized(100)).toBe('CRITICAL');
  });

  it('keeps a fraction in the range below the next bound', () => {
    expect(severityFromNormalized(39.5)).toBe('LOW');
    expect(severityFromNormalized(0.5)).toBe('INFORMATIONAL');
  });

  it('returns null for values outside 0-100 or not numbers', () => {
    expect(severityFromNormalized(-1)).toBeNull();
    expect(severityFromNormalized(101)).toBeNull();
    expect(severityFromNormalized('40')).toBeNull();
    expect(severityFromNormalized(Number.NaN)).toBeNull();
  });
});

describe('isSeverityLabel', () => {
  it('accepts the five upper-case labels only', () => {
    expect(isSeverityLabel('HIGH')).toBe(true);
    expect(isSeverityLabel('high')).toBe(false);
    expect(isSeverityLabel('FATAL')).toBe(false);
  });
});
