import { describe, expect, it } from 'vitest';
import { preferredType } from './negotiate.ts';

const OFFERED = ['application/json', 'text/csv', 'text/markdown'] as const;

describe('content negotiation', () => {
  it('answers JSON without an Accept header, for */* and for types it does not offer', () => {
    expect(preferredType(undefined, OFFERED)).toBe('application/json');
    expect(preferredType('*/*', OFFERED)).toBe('application/json');
    expect(preferredType('application/xml', OFFERED)).toBe('application/json');
    expect(preferredType('text/html,application/xhtml+xml,*/*;q=0.8', OFFERED)).toBe('application/json');
  });

  it('honours an explicit type and q-values', () => {
    expect(preferredType('text/csv', OFFERED)).toBe('text/csv');
    expect(preferredType('text/markdown', OFFERED)).toBe('text/markdown');
    expect(preferredType('text/csv;q=0.5, text/markdown', OFFERED)).toBe('text/markdown');
    expect(preferredType('text/csv, */*;q=0.1', OFFERED)).toBe('text/csv');
    expect(preferredType('TEXT/CSV; charset=utf-8', OFFERED)).toBe('text/csv');
    expect(preferredType('text/csv;q=0', OFFERED)).toBe('application/json');
  });
});
