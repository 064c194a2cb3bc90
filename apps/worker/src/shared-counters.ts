import type { AwsCall } from '@pillar/aws';

// Cumulative counters every worker process adds to in Redis, so that the API's /metrics can export them across
// all workers (a worker's own /metrics only knows its own process, and restarts from zero). Both hashes live
// under the queue prefix, so deployments sharing a Redis never mix. Counts are batched per job, not per call.

export const FINDING_RESULTS = ['read', 'written', 'rejected'] as const;
export type FindingResult = (typeof FINDING_RESULTS)[number];

/** The Redis hashes: `awsCalls` fields are `service|operation|region|outcome`, `findings` fields a FindingResult. */
export function sharedCounterKeys(prefix: string) {
  return { awsCalls: `${prefix}:metrics:aws-calls`, findings: `${prefix}:metrics:findings` };
}

export type AwsCallCount = Pick<AwsCall, 'service' | 'operation' | 'region' | 'outcome'> & { count: number };
export type SharedCounters = { awsCalls: AwsCallCount[]; findings: Record<FindingResult, number> };

/** What the batch needs of a Redis client (ioredis). */
export type CounterClient = {
  multi(): { hincrby(key: string, field: string, by: number): unknown; exec(): Promise<[Error | null, unknown][] | null> };
};

const OUTCOMES = new Set<string>(['ok', 'throttled', 'error']);

function awsCallField(c: Pick<AwsCall, 'service' | 'operation' | 'region' | 'outcome'>): string {
  return [c.service, c.operation, c.region, c.outcome].join('|');
}

function parseAwsCallField(field: string, value: string): AwsCallCount | null {
  const [service, operation, region, outcome, ...rest] = field.split('|');
  const count = Number(value);
  if (!service || !operation || !region || !outcome || rest.length > 0 || !OUTCOMES.has(outcome) || !Number.isFinite(count)) return null;
  return { service: service as AwsCall['service'], operation, region, outcome: outcome as AwsCall['outcome'], count };
}

/**
 * Counts in memory until `flush()` adds them to Redis in one MULTI. A failed flush keeps the counts for the
 * next one, so nothing is lost while Redis is away (the caller logs the error).
 */
export function createCounterBatch(prefix: string, client: CounterClient) {
  const keys = sharedCounterKeys(prefix);
  let calls = new Map<string, number>();
  let findings = new Map<string, number>();
  const add = (map: Map<string, number>, field: string, by: number) => map.set(field, (map.get(field) ?? 0) + by);
  return {
    awsCall(call: AwsCall): void {
      add(calls, awsCallField(call), 1);
    },
    findings(n: Partial<Record<FindingResult, number>>): void {
      for (const result of FINDING_RESULTS) if (n[result]) add(findings, result, n[result]);
    },
    async flush(): Promise<void> {
      if (calls.size === 0 && findings.size === 0) return;
      const [sentCalls, sentFindings] = [calls, findings];
      calls = new Map();
      findings = new Map();
      try {
        const tx = client.multi();
        for (const [field, by] of sentCalls) tx.hincrby(keys.awsCalls, field, by);
        for (const [field, by] of sentFindings) tx.hincrby(keys.findings, field, by);
        const failed = (await tx.exec())?.find(([err]) => err !== null)?.[0];
        if (failed) throw failed;
      } catch (err) {
        for (const [field, by] of sentCalls) add(calls, field, by);
        for (const [field, by] of sentFindings) add(findings, field, by);
        throw err;
      }
    },
  };
}

export type CounterBatch = ReturnType<typeof createCounterBatch>;

/** Reads the cumulative counters (the API exports them at scrape time). Malformed fields are skipped. */
export async function readSharedCounters(
  redis: { hgetall(key: string): Promise<Record<string, string>> },
  prefix: string,
): Promise<SharedCounters> {
  const keys = sharedCounterKeys(prefix);
  const [calls, findings] = await Promise.all([redis.hgetall(keys.awsCalls), redis.hgetall(keys.findings)]);
  return {
    awsCalls: Object.entries(calls).flatMap(([field, value]) => parseAwsCallField(field, value) ?? []),
    findings: Object.fromEntries(FINDING_RESULTS.map((r) => [r, Number(findings[r] ?? 0) || 0])) as Record<FindingResult, number>,
  };
}
