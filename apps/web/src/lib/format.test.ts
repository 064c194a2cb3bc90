import { describe, expect, it } from 'vitest';
import {
  deltaDirection,
  formatCounts,
  formatDelta,
  formatDeltaWithWindow,
  formatDuration,
  formatRelative,
  formatScore,
  scoreDelta,
  symmetricTicks,
} from './format.ts';

describe('formatScore', () => {
  it('prints one decimal', () => {
    expect(formatScore(72.4)).toBe('72.4');
    expect(formatScore(100)).toBe('100.0');
    expect(formatScore(0)).toBe('0.0');
  });

  it('rounds half up, even where binary floating point stores just under the half', () => {
    expect(formatScore(72.45)).toBe('72.5');
    expect(formatScore(1.05)).toBe('1.1');
    expect(formatScore(66.666)).toBe('66.7');
  });

  it('prints "no data" for a null score, never 0', () => {
    expect(formatScore(null)).toBe('no data');
    expect(formatScore(undefined)).toBe('no data');
    expect(formatScore(Number.NaN)).toBe('no data');
  });
});

describe('formatCounts', () => {
  it('lists the four counts in the fixed order with thousands separators', () => {
    expect(formatCounts({ passed: 61, failed: 18, unknown: 3, noData: 5 })).toBe(
      '61 passed · 18 failed · 3 unknown · 5 no data',
    );
    expect(formatCounts({ passed: 1234, failed: 0, unknown: 0, noData: 0 })).toBe(
      '1,234 passed · 0 failed · 0 unknown · 0 no data',
    );
  });
});

describe('formatDelta', () => {
  it('gives a rise an up arrow and a plus sign', () => {
    expect(formatDelta(1.8)).toBe('▲ +1.8');
  });

  it('gives a fall a down arrow and a minus sign', () => {
    expect(formatDelta(-2.14)).toBe('▼ −2.1');
  });

  it('shows a change that rounds to zero as flat', () => {
    expect(formatDelta(0.04)).toBe('─ 0.0');
    expect(formatDelta(-0.04)).toBe('─ 0.0');
    expect(deltaDirection(-0.04)).toBe('flat');
  });

  it('prints "no data" when the delta is null', () => {
    expect(formatDelta(null)).toBe('no data');
    expect(deltaDirection(null)).toBe('none');
  });

  it('adds the comparison window', () => {
    expect(formatDeltaWithWindow(1.8, 'vs last week')).toBe('▲ +1.8 vs last week');
    expect(formatDeltaWithWindow(null, 'vs last week')).toBe('no data vs last week');
  });
});

describe('scoreDelta', () => {
  it('subtracts the previous score from the current one', () => {
    expect(scoreDelta(73, 71.2)).toBeCloseTo(1.8);
  });

  it('is null when either score is null', () => {
    expect(scoreDelta(null, 70)).toBeNull();
    expect(scoreDelta(70, null)).toBeNull();
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it('says how long ago in the largest sensible unit', () => {
    expect(formatRelative('2026-11-22T11:59:40Z', now)).toBe('just now');
    expect(formatRelative('2026-11-22T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2026-11-22T10:00:00Z', now)).toBe('2 h ago');
    expect(formatRelative('2026-11-19T12:00:00Z', now)).toBe('3 d ago');
  });
});

describe('formatDuration', () => {
  it('prints seconds, minutes and hours', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(192_000)).toBe('3 min 12 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_840_000)).toBe('1 h 4 min');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('symmetricTicks', () => {
  it('rounds the axis up to a whole number of round steps around 0', () => {
    expect(symmetricTicks(6.2)).toEqual({ extent: 8, ticks: [-8, -6, -4, -2, 0, 2, 4, 6, 8] });
    expect(symmetricTicks(1.2)).toEqual({ extent: 1.5, ticks: [-1.5, -1, -0.5, 0, 0.5, 1, 1.5] });
    expect(symmetricTicks(25)).toEqual({ extent: 30, ticks: [-30, -20, -10, 0, 10, 20, 30] });
  });

  it('keeps a usable axis when every change is zero or unknown', () => {
    expect(symmetricTicks(0).extent).toBe(1);
    expect(symmetricTicks(Number.NaN).extent).toBe(1);
  });
});
