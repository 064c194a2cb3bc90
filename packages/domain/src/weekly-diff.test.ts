import { describe, expect, it } from 'vitest';
import type { PairStatus } from './pair-status.ts';
import { classifyFinding, endStateOf, failingChanges, findingChanges, GONE } from './weekly-diff.ts';
import type { FindingEndState, FindingWeekEnds } from './weekly-diff.ts';

const W10 = { year: 2026, week: 10 }; // Monday 2026-03-02 to Sunday 2026-03-08

describe('failingChanges', () => {
  const statuses = (entries: Record<string, PairStatus>) => new Map(Object.entries(entries));

  it('lists pairs FAILED at the end of W and not at the end of W-1, including new pairs', () => {
    const previous = statuses({ 'a|IAM.1': 'PASSED', 'a|S3.1': 'UNKNOWN', 'a|EC2.1': 'FAILED' });
    const current = statuses({ 'a|IAM.1': 'FAILED', 'a|S3.1': 'FAILED', 'a|EC2.1': 'FAILED', 'b|IAM.1': 'FAILED' });
    expect(failingChanges(previous, current).newlyFailing).toEqual(['a|IAM.1', 'a|S3.1', 'b|IAM.1']);
  });

  it('lists pairs FAILED at the end of W-1 and not at the end of W, including pairs gone or without data', () => {
    const previous = statuses({ 'a|IAM.1': 'FAILED', 'a|S3.1': 'FAILED', 'a|EC2.1': 'FAILED', 'a|KMS.1': 'FAILED' });
    const current = statuses({ 'a|IAM.1': 'PASSED', 'a|S3.1': 'NO_DATA', 'a|EC2.1': 'FAILED' });
    expect(failingChanges(previous, current)).toEqual({ newlyFailing: [], noLongerFailing: ['a|IAM.1', 'a|KMS.1', 'a|S3.1'] });
  });

  it('sees nothing when neither end has a failure', () => {
    expect(failingChanges(statuses({ 'a|IAM.1': 'UNKNOWN' }), statuses({ 'a|IAM.1': 'PASSED' }))).toEqual({
      newlyFailing: [],
      noLongerFailing: [],
    });
  });
});

const OPEN: FindingEndState = { open: true, archived: false, passed: false, resolved: false, suppressed: false, gone: false };
const state = (over: Partial<FindingEndState>): FindingEndState => ({ ...OPEN, open: false, ...over });
const ends = (over: Partial<FindingWeekEnds>): FindingWeekEnds => ({
  id: 'f',
  firstObservedAt: '2026-02-01T00:00:00.000Z',
  previous: OPEN,
  current: OPEN,
  ...over,
});

describe('classifyFinding: new findings', () => {
  it('counts a finding first observed in W and open at its end', () => {
    expect(classifyFinding(ends({ previous: null, firstObservedAt: '2026-03-02T00:00:00.000Z' }), W10)).toBe('new');
    expect(classifyFinding(ends({ previous: null, firstObservedAt: '2026-03-08T23:59:59.999Z' }), W10)).toBe('new');
  });

  it('does not count a finding first observed in W but closed by its end', () => {
    expect(classifyFinding(ends({ previous: null, firstObservedAt: '2026-03-04T00:00:00Z', current: state({ passed: true }) }), W10)).toBeNull();
  });

  it('does not count a finding first observed before or after W', () => {
    expect(classifyFinding(ends({ firstObservedAt: '2026-03-01T23:59:59.999Z' }), W10)).toBeNull();
    expect(classifyFinding(ends({ previous: null, firstObservedAt: '2026-03-09T00:00:00.000Z' }), W10)).toBeNull();
  });
});

describe('classifyFinding: resolved findings', () => {
  it.each([
    ['archived', state({ archived: true })],
    ['passed', state({ passed: true })],
    ['workflow RESOLVED', state({ resolved: true })],
    ['gone after a full reconciliation', GONE],
  ])('counts a finding open at the end of W-1 and %s at the end of W', (_, current) => {
    expect(classifyFinding(ends({ current }), W10)).toBe('resolved');
  });

  it('does not count a finding that was not open at the end of W-1', () => {
    expect(classifyFinding(ends({ previous: state({ suppressed: true }), current: state({ archived: true }) }), W10)).toBeNull();
    expect(classifyFinding(ends({ previous: null, current: GONE }), W10)).toBeNull();
  });

  it('counts a finding both suppressed and archived as resolved, never twice', () => {
    expect(classifyFinding(ends({ current: state({ suppressed: true, archived: true }) }), W10)).toBe('resolved');
  });
});

describe('classifyFinding: suppressed findings', () => {
  it('counts a finding open at the end of W-1 and SUPPRESSED at the end of W apart from resolved ones', () => {
    expect(classifyFinding(ends({ current: state({ suppressed: true }) }), W10)).toBe('suppressed');
  });

  it('does not count a finding still open at both ends', () => {
    expect(classifyFinding(ends({}), W10)).toBeNull();
  });
});

describe('endStateOf', () => {
  it('reads the flags from a normalized finding', () => {
    expect(endStateOf({ isOpen: false, recordState: 'ARCHIVED', complianceStatus: 'PASSED', workflowStatus: 'SUPPRESSED' })).toEqual({
      open: false,
      archived: true,
      passed: true,
      resolved: false,
      suppressed: true,
      gone: false,
    });
  });
});

describe('findingChanges', () => {
  it('sorts findings into the three lists, in input order', () => {
    const changes = findingChanges(
      [
        ends({ id: 'n1', previous: null, firstObservedAt: '2026-03-03T10:00:00Z' }),
        ends({ id: 'r1', current: GONE }),
        ends({ id: 's1', current: state({ suppressed: true }) }),
        ends({ id: 'still-open' }),
        ends({ id: 'r2', current: state({ resolved: true }) }),
      ],
      W10,
    );
    expect(changes).toEqual({ newFindings: ['n1'], resolvedFindings: ['r1', 'r2'], suppressedFindings: ['s1'] });
  });
});
