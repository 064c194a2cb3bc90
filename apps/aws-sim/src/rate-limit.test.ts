import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, RateLimiter, TokenBucket, mergeRateLimits } from './rate-limit.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    const b = new TokenBucket({ rate: 3, burst: 6 }, 0);
    const burst = Array.from({ length: 8 }, () => b.tryTake(0));
    expect(burst.filter(Boolean)).toHaveLength(6);
    expect(b.tryTake(100)).toBe(false); // 0.3 token
    expect(b.tryTake(334)).toBe(true); // 1.002 tokens
    expect(b.tryTake(334)).toBe(false);
  });

  it('never holds more than the burst after a long pause', () => {
    const b = new TokenBucket({ rate: 3, burst: 6 }, 0);
    for (let k = 0; k < 6; k++) b.tryTake(0);
    const after = Array.from({ length: 10 }, () => b.tryTake(60_000));
    expect(after.filter(Boolean)).toHaveLength(6);
  });

  it('keeps any one-second window at or below rate + burst', () => {
    const b = new TokenBucket({ rate: 3, burst: 6 }, 0);
    const accepted: number[] = [];
    for (let t = 0; t < 10_000; t += 10) if (b.tryTake(t)) accepted.push(t);
    for (const t of accepted) expect(accepted.filter((x) => x >= t && x < t + 1000).length).toBeLessThanOrEqual(9);
    expect(accepted.length).toBeLessThanOrEqual(6 + 3 * 10);
  });
});

describe('RateLimiter', () => {
  it('has one bucket per calling account and region, and GetFindings its own rule', () => {
    const rl = new RateLimiter(mergeRateLimits(undefined));
    const take = (acct: string, region: string, op = 'GetFindings'): number =>
      Array.from({ length: 40 }, () => rl.allow('securityhub', op, acct, region, 0)).filter(Boolean).length;
    expect(take('111111111111', 'us-east-1')).toBe(6);
    expect(take('111111111111', 'eu-west-1')).toBe(6);
    expect(take('222222222222', 'us-east-1')).toBe(6);
    expect(take('111111111111', 'us-east-1', 'GetInsights')).toBe(30);
  });

  it('lets everything through when rate limits are off', () => {
    const rl = new RateLimiter(false);
    expect(Array.from({ length: 100 }, () => rl.allow('securityhub', 'GetFindings', 'a', 'r', 0)).every(Boolean)).toBe(true);
  });

  it('merges overrides over the published defaults', () => {
    const m = mergeRateLimits({ config: { GetComplianceDetailsByConfigRule: { rate: 1, burst: 1 } } });
    expect(m.securityhub).toEqual(DEFAULT_RATE_LIMITS.securityhub);
    expect(m.config?.GetComplianceDetailsByConfigRule).toEqual({ rate: 1, burst: 1 });
    expect(m.config?.['*']).toEqual(DEFAULT_RATE_LIMITS.config?.['*']);
  });
});
