import { describe, expect, it } from 'vitest';
import { TimeIndex } from './time-index.ts';

describe('TimeIndex', () => {
  it('orders by time then index and finds positions around a key', () => {
    const current = new Float64Array([30, 10, 20, 10]);
    const ti = TimeIndex.build(Int32Array.from([0, 1, 2, 3]), current);
    expect(Array.from({ length: ti.length }, (_, p) => ti.indexAt(p))).toEqual([1, 3, 2, 0]);
    expect(ti.firstAfter(10, 1)).toBe(1);
    expect(ti.firstAfter(10, 3)).toBe(2);
    expect(ti.lastBefore(20, 2)).toBe(1);
    expect(ti.lastBefore(10, 1)).toBe(-1);
  });

  it('keeps an updated finding once: the old entry goes stale', () => {
    const current = new Float64Array([1, 2]);
    const ti = TimeIndex.build(Int32Array.from([0, 1]), current);
    current[0] = 5;
    ti.markStale(current);
    ti.append(0, 5);
    const live = Array.from({ length: ti.length }, (_, p) => p).filter((p) => ti.isLive(p, current)).map((p) => ti.indexAt(p));
    expect(live).toEqual([1, 0]);
  });

  it('refuses appends out of order', () => {
    const ti = TimeIndex.build(Int32Array.from([0]), new Float64Array([10]));
    expect(() => ti.append(1, 5)).toThrow();
  });

  it('compacts when most entries are stale, keeping order', () => {
    const n = 3000;
    const current = new Float64Array(n).map((_, i) => i);
    const ti = TimeIndex.build(Int32Array.from({ length: n }, (_, i) => i), current);
    for (let i = 0; i < n; i++) {
      current[i] = n + i;
      ti.markStale(current);
      ti.append(i, n + i);
    }
    expect(ti.length).toBeLessThan(2 * n);
    const live = Array.from({ length: ti.length }, (_, p) => p).filter((p) => ti.isLive(p, current)).map((p) => ti.indexAt(p));
    expect(live).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});
