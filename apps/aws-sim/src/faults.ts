import { z } from 'zod';
import type { Rng } from './prng.ts';

const service = z.enum(['securityhub', 'config', 'organizations', 'sts']);

/** Fault switches; every field is optional and merges into the current settings (`null` turns one off). */
export const faultSettingsSchema = z.object({
  /**
   * A share of answers (0..1, default 1) throttled regardless of the rate limits, for the listed services
   * (default all); limited to the next `count` throttled answers and/or to `seconds` from now when given.
   */
  throttleStorm: z
    .union([
      z.number().min(0).max(1),
      z.object({
        fraction: z.number().min(0).max(1).optional(),
        count: z.number().int().min(0).optional(),
        seconds: z.number().min(0).optional(),
        services: z.array(service).optional(),
      }),
    ])
    .nullable()
    .optional(),
  /** Account ids denied: calls made by them, or aimed at them (a filter or parameter naming the account). */
  accessDenied: z.array(z.string().regex(/^\d{12}$/)).nullable().optional(),
  /** 5xx answers for the next `count` requests and/or for `seconds` from now. */
  serverErrors: z
    .object({
      count: z.number().int().min(0).optional(),
      seconds: z.number().min(0).optional(),
      kind: z.enum(['internal', 'unavailable']).optional(),
      services: z.array(service).optional(),
    })
    .nullable()
    .optional(),
  /** Extra latency before every answer: fixed milliseconds or a uniform range. */
  latencyMs: z
    .union([z.number().min(0).max(60_000), z.object({ min: z.number().min(0), max: z.number().max(60_000) })])
    .nullable()
    .optional(),
});

export type FaultSettings = z.input<typeof faultSettingsSchema>;

export interface FaultState {
  readonly throttleStorm: {
    readonly fraction: number;
    readonly remaining: number | null;
    readonly untilMs: number | null;
    readonly services: readonly string[] | null;
  } | null;
  readonly accessDenied: readonly string[];
  readonly serverErrors: {
    readonly remaining: number | null;
    readonly untilMs: number | null;
    readonly kind: 'internal' | 'unavailable';
    readonly services: readonly string[] | null;
  } | null;
  readonly latencyMs: { readonly min: number; readonly max: number } | null;
}

const NONE: FaultState = { throttleStorm: null, accessDenied: [], serverErrors: null, latencyMs: null };

export class Faults {
  private state: FaultState = NONE;
  private deniedSet = new Set<string>();

  constructor(private readonly rng: Rng) {}

  get current(): FaultState {
    return this.state;
  }

  get denied(): ReadonlySet<string> {
    return this.deniedSet;
  }

  set(input: FaultSettings, nowMs: number): FaultState {
    const f = faultSettingsSchema.parse(input);
    let next = { ...this.state };
    if (f.throttleStorm !== undefined) {
      const t = f.throttleStorm;
      next = {
        ...next,
        throttleStorm:
          t === null
            ? null
            : typeof t === 'number'
              ? { fraction: t, remaining: null, untilMs: null, services: null }
              : {
                  fraction: t.fraction ?? 1,
                  remaining: t.count ?? null,
                  untilMs: t.seconds === undefined ? null : nowMs + t.seconds * 1000,
                  services: t.services ?? null,
                },
      };
    }
    if (f.accessDenied !== undefined) next = { ...next, accessDenied: f.accessDenied ?? [] };
    if (f.serverErrors !== undefined) {
      const e = f.serverErrors;
      next = {
        ...next,
        serverErrors:
          e === null || (e.count === undefined && e.seconds === undefined)
            ? null
            : {
                remaining: e.count ?? null,
                untilMs: e.seconds === undefined ? null : nowMs + e.seconds * 1000,
                kind: e.kind ?? 'internal',
                services: e.services ?? null,
              },
      };
    }
    if (f.latencyMs !== undefined) {
      const l = f.latencyMs;
      next = { ...next, latencyMs: l === null ? null : typeof l === 'number' ? { min: l, max: l } : { min: l.min, max: Math.max(l.min, l.max) } };
    }
    this.state = next;
    this.deniedSet = new Set(next.accessDenied);
    return next;
  }

  clear(): void {
    this.state = NONE;
    this.deniedSet = new Set();
  }

  latency(): number {
    const l = this.state.latencyMs;
    if (!l) return 0;
    return l.min + this.rng.float() * (l.max - l.min);
  }

  throttles(service: string, nowMs: number): boolean {
    const t = this.state.throttleStorm;
    if (!t || (t.services && !t.services.includes(service))) return false;
    const bounded = t.remaining !== null || t.untilMs !== null;
    const inWindow = t.untilMs !== null && nowMs < t.untilMs;
    const inCount = t.remaining !== null && t.remaining > 0;
    if (bounded && !inWindow && !inCount) return false;
    if (this.rng.float() >= t.fraction) return false;
    if (inCount && !inWindow) this.state = { ...this.state, throttleStorm: { ...t, remaining: (t.remaining ?? 1) - 1 } };
    return true;
  }

  /** The 5xx to answer, consuming one of the next-N budget; null when none applies. */
  serverError(service: string, nowMs: number): 'internal' | 'unavailable' | null {
    const e = this.state.serverErrors;
    if (!e || (e.services && !e.services.includes(service))) return null;
    const inWindow = e.untilMs !== null && nowMs < e.untilMs;
    const inCount = e.remaining !== null && e.remaining > 0;
    if (!inWindow && !inCount) return null;
    if (inCount && !inWindow) this.state = { ...this.state, serverErrors: { ...e, remaining: (e.remaining ?? 1) - 1 } };
    return e.kind;
  }
}
