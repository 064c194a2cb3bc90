import { isThrottling } from './errors.ts';

/** One request as it arrived (time, operation, caller) and how it was answered. */
export interface RequestRecord {
  readonly seq: number;
  /** Arrival time, epoch milliseconds (wall clock). */
  readonly at: number;
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly accountId: string;
  readonly accessKeyId: string;
  /** `ok`, the error code answered, or `pending` while in flight. */
  outcome: string;
  status: number;
  /** Items in the answer (findings, rules, evaluations, accounts). */
  items: number;
  durationMs: number;
}

export interface OperationCounters {
  requests: number;
  ok: number;
  throttled: number;
  errors: number;
  items: number;
}

export interface CounterSnapshot {
  readonly total: number;
  readonly throttled: number;
  /** Keyed `service:Operation`, e.g. `securityhub:GetFindings`. */
  readonly byOperation: Readonly<Record<string, OperationCounters>>;
  readonly requests: readonly RequestRecord[];
}

const empty = (): OperationCounters => ({ requests: 0, ok: 0, throttled: 0, errors: 0, items: 0 });

/** Counts every request on arrival (throttled ones too); keeps the most recent `maxLog` records. */
export class Counters {
  private seq = 0;
  private log: RequestRecord[] = [];
  private ops = new Map<string, OperationCounters>();

  constructor(private readonly maxLog = 500_000) {}

  arrive(r: Omit<RequestRecord, 'seq' | 'outcome' | 'status' | 'items' | 'durationMs'>): RequestRecord {
    const rec: RequestRecord = { ...r, seq: ++this.seq, outcome: 'pending', status: 0, items: 0, durationMs: 0 };
    this.log.push(rec);
    if (this.log.length > this.maxLog) this.log.splice(0, this.log.length - this.maxLog);
    this.op(rec).requests++;
    return rec;
  }

  finish(rec: RequestRecord, outcome: string, status: number, items: number, durationMs: number): void {
    rec.outcome = outcome;
    rec.status = status;
    rec.items = items;
    rec.durationMs = durationMs;
    const c = this.op(rec);
    if (outcome === 'ok') c.ok++;
    else if (isThrottling(outcome)) c.throttled++;
    else c.errors++;
    c.items += items;
  }

  snapshot(includeLog = true): CounterSnapshot {
    let total = 0;
    let throttled = 0;
    const byOperation: Record<string, OperationCounters> = {};
    for (const [k, v] of this.ops) {
      byOperation[k] = { ...v };
      total += v.requests;
      throttled += v.throttled;
    }
    return { total, throttled, byOperation, requests: includeLog ? this.log.map((r) => ({ ...r })) : [] };
  }

  reset(): void {
    this.log = [];
    this.ops = new Map();
  }

  private op(r: RequestRecord): OperationCounters {
    const key = `${r.service}:${r.operation}`;
    let c = this.ops.get(key);
    if (!c) {
      c = empty();
      this.ops.set(key, c);
    }
    return c;
  }
}
