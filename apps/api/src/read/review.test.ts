import { describe, expect, it } from 'vitest';
import { parseIsoWeek, type IsoWeek } from '@pillar/domain';
import type { FindingChangeCandidate, FindingStateAt, PairChangeCandidate } from '@pillar/db';
import { accountChanges, findingChanges, formatDelta, formatScore, pairChanges } from './review.ts';

const W10 = parseIsoWeek('2026-W10') as IsoWeek;

const pair = (controlId: string, before: string | null, after: string | null, severity: string | null = 'HIGH'): PairChangeCandidate => ({
  accountId: '111111111111',
  controlId,
  title: `Control ${controlId}`,
  severity,
  domain: 'iam',
  before,
  after,
});

describe('failing pairs of a week', () => {
  it('lists pairs FAILED at the end of W and not at the end of W-1, including pairs that did not exist', () => {
    const { newlyFailing, noLongerFailing } = pairChanges([
      pair('A.1', 'PASSED', 'FAILED'),
      pair('A.2', null, 'FAILED', 'CRITICAL'),
      pair('A.3', 'FAILED', 'PASSED'),
      pair('A.4', 'FAILED', 'NO_DATA'),
      // FAILED -> PASSED -> FAILED within the week: FAILED at both ends, neither list.
      pair('A.5', 'FAILED', 'FAILED'),
      pair('A.6', 'UNKNOWN', 'PASSED'),
    ]);
    expect(newlyFailing.map((p) => p.controlId)).toEqual(['A.2', 'A.1']);
    expect(noLongerFailing.map((p) => p.controlId)).toEqual(['A.3', 'A.4']);
  });
});

const open: FindingStateAt = { state: 'open', isOpen: true, complianceStatus: 'FAILED', workflowStatus: 'NEW' };
const state = (s: string, workflowStatus = 'NEW', complianceStatus: string | null = 'FAILED'): FindingStateAt => ({
  state: s,
  isOpen: s === 'open',
  complianceStatus,
  workflowStatus,
});
const finding = (id: string, firstObservedAt: string, before: FindingStateAt | null, after: FindingStateAt | null): FindingChangeCandidate => ({
  id,
  firstObservedAt: new Date(firstObservedAt),
  before,
  after,
});

describe('findings of a week', () => {
  it('classifies new, resolved and suppressed findings per SCORING.md', () => {
    const changes = findingChanges(
      [
        finding('9', '2026-03-04T10:00:00Z', null, open), // new
        finding('8', '2026-03-08T23:59:59Z', null, open), // new: Sunday evening is in W
        finding('7', '2026-03-09T00:00:00Z', null, open), // observed after W
        finding('6', '2026-03-04T10:00:00Z', null, state('resolved', 'RESOLVED')), // first seen and closed in W: nothing
        finding('5', '2026-02-01T00:00:00Z', open, state('passed', 'NEW', 'PASSED')), // resolved
        finding('4', '2026-02-01T00:00:00Z', open, state('archived')), // resolved
        finding('3', '2026-02-01T00:00:00Z', open, state('gone')), // resolved
        finding('2', '2026-02-01T00:00:00Z', open, state('suppressed', 'SUPPRESSED')), // suppressed
        finding('1', '2026-02-01T00:00:00Z', open, open), // still open: nothing
        finding('0', '2026-02-01T00:00:00Z', state('suppressed', 'SUPPRESSED'), state('resolved', 'RESOLVED')), // not open before
      ],
      W10,
    );
    expect(changes).toEqual({ newFindings: ['9', '8'], resolvedFindings: ['5', '4', '3'], suppressedFindings: ['2'] });
  });
});

describe('account changes', () => {
  const counts = (passed: number, failed: number) => ({ passed, failed, unknown: 0, noData: 0 });
  it('puts the biggest regressions first and accounts without a delta last', () => {
    const out = accountChanges([
      { accountId: '1', name: 'up', current: counts(3, 1), previous: counts(1, 1) },
      { accountId: '2', name: 'new', current: counts(1, 0), previous: counts(0, 0) },
      { accountId: '3', name: 'down a lot', current: counts(0, 2), previous: counts(2, 0) },
      { accountId: '4', name: 'down', current: counts(1, 1), previous: counts(3, 1) },
    ]);
    expect(out.map((a) => [a.accountId, a.delta])).toEqual([
      ['3', -100],
      ['4', -25],
      ['1', 25],
      ['2', null],
    ]);
  });
});

describe('formatting', () => {
  it('writes scores with one decimal and deltas with a sign', () => {
    expect(formatScore({ score: 72.5, passed: 0, failed: 0, unknown: 0, noData: 0 })).toBe('72.5');
    expect(formatScore({ score: null, passed: 0, failed: 0, unknown: 0, noData: 0 })).toBe('no data');
    expect(formatDelta(2.5)).toBe('+2.5');
    expect(formatDelta(-1)).toBe('-1.0');
    expect(formatDelta(0)).toBe('0.0');
    expect(formatDelta(null)).toBe('n/a');
  });
});
