import { describe, expect, it } from 'vitest';
import { changeOut, domainScoresOut, scoreOut, totalsOf } from './totals.ts';

const row = (domain: string, passed: number, failed: number, unknown = 0, noData = 0, open: Record<string, number> = {}) => ({
  domain,
  passed,
  failed,
  unknown,
  noData,
  ...open,
});

describe('totals', () => {
  it('pools rows of both sources per domain; unmapped counts in overall and apart', () => {
    const t = totalsOf([
      row('iam', 3, 1, 0, 1, { openHigh: 2 }),
      row('iam', 1, 0),
      row('detective', 0, 2, 1),
      row('', 2, 0, 0, 0, { openLow: 5 }),
    ]);
    expect(t.overall).toEqual({ passed: 6, failed: 3, unknown: 1, noData: 1 });
    expect(t.domains.iam).toEqual({ passed: 4, failed: 1, unknown: 0, noData: 1 });
    expect(t.domains.detective).toEqual({ passed: 0, failed: 2, unknown: 1, noData: 0 });
    expect(t.unmapped).toEqual({ passed: 2, failed: 0, unknown: 0, noData: 0 });
    expect(t.open).toEqual({ CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 5, INFORMATIONAL: 0 });
    expect(t.openByDomain.iam.HIGH).toBe(2);
  });

  it('always lists the five domains in contract order, no data as null', () => {
    const domains = domainScoresOut(totalsOf([row('iam', 1, 1)]));
    expect(domains.map((d) => d.key)).toEqual(['iam', 'detective', 'infrastructure', 'data-protection', 'incident-response']);
    expect(domains[0]).toMatchObject({ score: 50, name: 'Identity and Access Management' });
    expect(domains[1]?.score).toBeNull();
  });

  it('rounds scores half-up to one decimal and leaves NO_DATA out of the denominator', () => {
    expect(scoreOut({ passed: 2, failed: 1, unknown: 0, noData: 7 }).score).toBe(66.7);
    expect(scoreOut({ passed: 0, failed: 0, unknown: 0, noData: 3 }).score).toBeNull();
  });

  it('computes deltas from unrounded scores', () => {
    // 66.666... - 33.333... = 33.333... -> 33.3 (rounded scores would give 66.7 - 33.3 = 33.4).
    const c = changeOut({ passed: 2, failed: 1, unknown: 0, noData: 0 }, { passed: 1, failed: 2, unknown: 0, noData: 0 });
    expect(c).toMatchObject({ delta: 33.3, current: { score: 66.7 }, previous: { score: 33.3 } });
    expect(changeOut({ passed: 1, failed: 0, unknown: 0, noData: 0 }, { passed: 0, failed: 0, unknown: 0, noData: 0 }).delta).toBeNull();
  });
});
