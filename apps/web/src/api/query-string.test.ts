import { describe, expect, it } from 'vitest';
import { buildQuery } from './query-string.ts';

describe('buildQuery', () => {
  it('is empty when nothing is set', () => {
    expect(buildQuery({})).toBe('');
    expect(buildQuery({ date: undefined, q: '', accountId: null, severity: [] })).toBe('');
  });

  it('repeats array values, as the API reads repeated severity params', () => {
    expect(buildQuery({ severity: ['CRITICAL', 'HIGH'], open: true })).toBe('?severity=CRITICAL&severity=HIGH&open=true');
  });

  it('encodes values', () => {
    expect(buildQuery({ q: 'arn:aws:s3:::my bucket', limit: 100 })).toBe('?q=arn%3Aaws%3As3%3A%3A%3Amy+bucket&limit=100');
  });
});
