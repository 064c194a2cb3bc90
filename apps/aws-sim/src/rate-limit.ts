/** A token bucket: `burst` tokens, refilled continuously at `rate` per second. */
export interface RateRule {
  readonly rate: number;
  readonly burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rule: RateRule,
    nowMs: number,
  ) {
    this.tokens = rule.burst;
    this.last = nowMs;
  }

  /** Takes one token if there is one. A refused request takes nothing. */
  tryTake(nowMs: number): boolean {
    const elapsed = Math.max(0, nowMs - this.last);
    this.last = Math.max(this.last, nowMs);
    this.tokens = Math.min(this.rule.burst, this.tokens + (elapsed * this.rule.rate) / 1000);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

/** Per service: a rule per operation, `*` for the others. */
export type RateLimitConfig = Readonly<Record<string, Readonly<Record<string, RateRule>>>>;

/**
 * Security Hub's published limits (GetFindings 3/s burst 6; other calls 10/s burst 30). AWS publishes no
 * per-call numbers for the rest; these defaults sit below what those APIs tolerate in practice.
 */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  securityhub: { GetFindings: { rate: 3, burst: 6 }, '*': { rate: 10, burst: 30 } },
  config: { '*': { rate: 10, burst: 20 } },
  organizations: { '*': { rate: 5, burst: 10 } },
  sts: { '*': { rate: 100, burst: 200 } },
};

export function mergeRateLimits(overrides: Readonly<Record<string, Readonly<Record<string, RateRule>>>> | undefined): RateLimitConfig {
  const out: Record<string, Record<string, RateRule>> = {};
  for (const [svc, rules] of Object.entries(DEFAULT_RATE_LIMITS)) out[svc] = { ...rules };
  for (const [svc, rules] of Object.entries(overrides ?? {})) out[svc] = { ...(out[svc] ?? {}), ...rules };
  return out;
}

/** AWS throttles per calling account and region; one bucket per account x region x service x rule. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly config: RateLimitConfig | false) {}

  get enabled(): boolean {
    return this.config !== false;
  }

  allow(service: string, operation: string, accountId: string, region: string, nowMs: number): boolean {
    if (this.config === false) return true;
    const rules = this.config[service];
    const own = rules?.[operation];
    const rule = own ?? rules?.['*'];
    if (!rule) return true;
    const key = `${accountId}|${region}|${service}|${own ? operation : '*'}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(rule, nowMs);
      this.buckets.set(key, b);
    }
    return b.tryTake(nowMs);
  }

  describe(): RateLimitConfig | false {
    return this.config;
  }
}
