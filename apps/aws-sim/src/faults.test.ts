import { describe, expect, it } from 'vitest';
import { Faults } from './faults.ts';
import { Rng } from './prng.ts';

describe('Faults', () => {
  it('answers 5xx for exactly the next N requests of the chosen services', () => {
    const f = new Faults(new Rng(1));
    f.set({ serverErrors: { count: 2, services: ['securityhub'] } }, 0);
    expect(f.serverError('config', 0)).toBeNull();
    expect(f.serverError('securityhub', 0)).toBe('internal');
    expect(f.serverError('securityhub', 0)).toBe('internal');
    expect(f.serverError('securityhub', 0)).toBeNull();
  });

  it('answers 5xx for a window of time', () => {
    const f = new Faults(new Rng(1));
    f.set({ serverErrors: { seconds: 2, kind: 'unavailable' } }, 1000);
    expect(f.serverError('sts', 2999)).toBe('unavailable');
    expect(f.serverError('sts', 3000)).toBeNull();
  });

  it('throttles about the requested share of answers', () => {
    const f = new Faults(new Rng(1));
    f.set({ throttleStorm: 0.25 }, 0);
    const n = Array.from({ length: 4000 }, () => f.throttles('securityhub', 0)).filter(Boolean).length;
    expect(n).toBeGreaterThan(800);
    expect(n).toBeLessThan(1200);
    f.set({ throttleStorm: null }, 0);
    expect(f.throttles('securityhub', 0)).toBe(false);
  });

  it('throttles exactly the next N answers when given a count', () => {
    const f = new Faults(new Rng(1));
    f.set({ throttleStorm: { count: 2, services: ['config'] } }, 0);
    expect(f.throttles('securityhub', 0)).toBe(false);
    expect([f.throttles('config', 0), f.throttles('config', 0), f.throttles('config', 0)]).toEqual([true, true, false]);
  });

  it('merges settings and clears them all', () => {
    const f = new Faults(new Rng(1));
    f.set({ accessDenied: ['123456789012'] }, 0);
    f.set({ latencyMs: 5 }, 0);
    expect(f.denied.has('123456789012')).toBe(true);
    expect(f.latency()).toBe(5);
    f.clear();
    expect(f.denied.size).toBe(0);
    expect(f.latency()).toBe(0);
  });

  it('validates its input', () => {
    const f = new Faults(new Rng(1));
    expect(() => f.set({ throttleStorm: 2 }, 0)).toThrow();
    expect(() => f.set({ accessDenied: ['not-an-account'] }, 0)).toThrow();
  });
});
