import { describe, expect, it } from 'vitest';
import { Rng, hash32, hexOf, mulberry32 } from './prng.ts';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(sa);
    for (const x of sa) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('Rng', () => {
  it('draws integers inside the inclusive range and covers both ends', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let k = 0; k < 2000; k++) {
      const v = rng.int(1, 5);
      expect(v).toBeGreaterThanOrEqual(1);
      expect(v).toBeLessThanOrEqual(5);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('picks by weight, never choosing a zero-weight option', () => {
    const rng = new Rng(9);
    const counts = [0, 0, 0];
    for (let k = 0; k < 3000; k++) counts[rng.weighted([1, 0, 3])]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[2]!).toBeGreaterThan(counts[0]! * 2);
  });

  it('shuffles without losing or duplicating items', () => {
    const out = new Rng(3).shuffle([1, 2, 3, 4, 5, 6]);
    expect([...out].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('hash32 and hexOf', () => {
  it('are pure functions of their inputs', () => {
    expect(hash32(1, 2, 3)).toBe(hash32(1, 2, 3));
    expect(hash32(1, 2, 3)).not.toBe(hash32(3, 2, 1));
    expect(hexOf(20, 5, 6)).toMatch(/^[0-9a-f]{20}$/);
    expect(hexOf(20, 5, 6)).toBe(hexOf(20, 5, 6));
  });
});
