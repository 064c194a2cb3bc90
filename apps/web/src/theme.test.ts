import { describe, expect, it } from 'vitest';
import { contrastRatio, DOMAINS, mixHex, readableInk, scoreCellColors, scoreColor, SCORE_SCALE } from './theme.ts';

describe('scoreColor', () => {
  it('has no colour for "no data"', () => {
    expect(scoreColor(null)).toBeNull();
    expect(scoreCellColors(null)).toBeNull();
  });

  it('follows the bands of DESIGN.md, lower bound included', () => {
    expect(scoreColor(0)).toBe(SCORE_SCALE.poor);
    expect(scoreColor(49.9)).toBe(SCORE_SCALE.poor);
    expect(scoreColor(50)).toBe(SCORE_SCALE.weak);
    expect(scoreColor(69.9)).toBe(SCORE_SCALE.weak);
    expect(scoreColor(85)).toBe(SCORE_SCALE.good);
    expect(scoreColor(100)).toBe(SCORE_SCALE.good);
  });

  it('blends from #fddbc7 at 70 towards #d1e5f0 at 85', () => {
    expect(scoreColor(70)).toBe('#fddbc7');
    expect(scoreColor(84.999)).toBe('#d1e5f0');
    expect(scoreColor(77.5)).toBe(mixHex('#fddbc7', '#d1e5f0', 0.5));
  });
});

describe('readableInk', () => {
  it('puts white on the dark ends of the scale and dark ink on the pale middle', () => {
    expect(readableInk(SCORE_SCALE.poor)).toBe('#ffffff');
    expect(readableInk(SCORE_SCALE.good)).toBe('#ffffff');
    expect(readableInk(SCORE_SCALE.fairLow)).toBe('#111111');
  });

  it('keeps every score cell at least AA-large contrast', () => {
    for (let s = 0; s <= 100; s += 0.5) {
      const colors = scoreCellColors(s);
      expect(colors).not.toBeNull();
      if (colors) expect(contrastRatio(colors.background, colors.color)).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('domain colours', () => {
  it('are the five Okabe-Ito colours in the API order', () => {
    expect(DOMAINS.map((d) => [d.key, d.color])).toEqual([
      ['iam', '#0072B2'],
      ['detective', '#E69F00'],
      ['infrastructure', '#009E73'],
      ['data-protection', '#CC79A7'],
      ['incident-response', '#D55E00'],
    ]);
  });
});
