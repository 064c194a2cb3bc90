import { describe, expect, it } from 'vitest';
import { addCounts, countStatuses, roundedScore, roundScore, scoreDelta, scoreOf, ZERO_COUNTS } from './scoring.ts';

describe('scoreOf', () => {
  it('is 100 * passed / (passed + failed + unknown), carrying its counts', () => {
    expect(scoreOf({ passed: 3, failed: 1, unknown: 0, noData: 5 })).toEqual({ score: 75, passed: 3, failed: 1, unknown: 0, noData: 5 });
    expect(scoreOf({ passed: 1, failed: 1, unknown: 1, noData: 0 }).score).toBeCloseTo(33.3333333, 6);
  });

  it('leaves NO_DATA pairs out of the denominator', () => {
    expect(scoreOf({ passed: 1, failed: 0, unknown: 0, noData: 99 }).score).toBe(100);
  });

  it('is null, never 0 or 100, when nothing is scored', () => {
    expect(scoreOf(ZERO_COUNTS).score).toBeNull();
    expect(scoreOf({ passed: 0, failed: 0, unknown: 0, noData: 4 }).score).toBeNull();
  });

  it('is 0 when every scored pair fails', () => {
    expect(scoreOf({ passed: 0, failed: 2, unknown: 0, noData: 0 }).score).toBe(0);
  });
});

describe('counting and pooling', () => {
  it('counts statuses', () => {
    expect(countStatuses(['PASSED', 'FAILED', 'PASSED', 'NO_DATA', 'UNKNOWN'])).toEqual({ passed: 2, failed: 1, unknown: 1, noData: 1 });
  });

  it('pools pairs so a large account weighs what its controls weigh', () => {
    const large = { passed: 90, failed: 10, unknown: 0, noData: 0 };
    const small = { passed: 0, failed: 1, unknown: 0, noData: 0 };
    expect(scoreOf(addCounts(large, small)).score).toBeCloseTo((100 * 90) / 101, 10);
    expect(addCounts(large, ZERO_COUNTS)).toEqual(large);
  });
});

describe('roundScore', () => {
  it('rounds half-up to one decimal despite binary floating point', () => {
    expect(roundScore(72.45)).toBe(72.5);
    expect(roundScore(0.15)).toBe(0.2);
    expect(roundScore(1.25)).toBe(1.3);
    expect(roundScore(72.44)).toBe(72.4);
    expect(roundScore((100 * 1449) / 2000)).toBe(72.5);
  });

  it('absorbs the noise of a subtraction', () => {
    expect(1.15 - 1).not.toBe(0.15);
    expect(roundScore(1.15 - 1)).toBe(0.2);
  });

  it('rounds negative deltas away from zero, symmetrically', () => {
    expect(roundScore(-0.25)).toBe(-0.3);
    expect(roundScore(-0.04)).toBe(0);
    expect(Object.is(roundScore(-0.04), -0)).toBe(false);
  });

  it('keeps whole numbers and null', () => {
    expect(roundScore(100)).toBe(100);
    expect(roundScore(0)).toBe(0);
    expect(roundScore(null)).toBeNull();
  });

  it('rounds only the score of a serialised Score', () => {
    expect(roundedScore(scoreOf({ passed: 2, failed: 1, unknown: 0, noData: 1 }))).toEqual({
      score: 66.7,
      passed: 2,
      failed: 1,
      unknown: 0,
      noData: 1,
    });
  });
});

describe('scoreDelta', () => {
  it('subtracts unrounded scores, so rounding happens once at the end', () => {
    const current = (100 * 2) / 3; // 66.666...
    const previous = (100 * 1) / 3; // 33.333...
    expect(roundScore(scoreDelta(current, previous))).toBe(33.3);
    const a = 72.46;
    const b = 72.44;
    expect(roundScore(scoreDelta(a, b))).toBe(0);
    expect(roundScore(a) - roundScore(b)).toBeCloseTo(0.1, 10);
  });

  it('is null when either score is null', () => {
    expect(scoreDelta(null, 50)).toBeNull();
    expect(scoreDelta(50, null)).toBeNull();
    expect(scoreDelta(null, null)).toBeNull();
  });
});
