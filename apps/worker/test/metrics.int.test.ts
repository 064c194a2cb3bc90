import { ConfigError } from '@pillar/config';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerEnv } from '../src/env.ts';
import { queueNamesFor } from '../src/runtime.ts';
import { readSharedCounters } from '../src/shared-counters.ts';
import { HOME, REDIS_URL, startPipeline, type Pipeline, type RunRow } from './harness.ts';
import { parseMetrics, select, total, type Sample } from './prom-text.ts';

let p: Pipeline;
let redis: Redis;
let before: Sample[];
let after: Sample[];
let run: RunRow;
let simCounts: ReturnType<Pipeline['sim']['counters']>;

async function scrape(): Promise<Sample[]> {
  const res = await fetch(p.worker.metricsUrl!);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await res.text());
}

/** The change of a series between the scrape before and the one after the sync. */
const delta = (name: string, where: Record<string, string> = {}) => total(after, name, where) - total(before, name, where);

beforeAll(async () => {
  p = await startPipeline({ seed: 61, accounts: 4 }, { metricsPort: 0 });
  redis = new Redis(REDIS_URL);
  before = await scrape();
  // Throttle a third of AWS's answers: the throttles must show, and the SDK's retries then succeed.
  p.sim.resetCounters();
  p.sim.setFaults({ throttleStorm: 0.3 });
  run = await p.sync();
  p.sim.clearFaults();
  simCounts = p.sim.counters({ includeLog: false });
  after = await scrape();
});

afterAll(async () => {
  redis.disconnect();
  await p.close();
});

describe("the worker's /metrics", () => {
  it('is served on its own port, only at GET /metrics', async () => {
    expect(p.worker.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const other = await fetch(p.worker.metricsUrl!.replace(/\/metrics$/, '/'));
    expect(other.status).toBe(404);
    const post = await fetch(p.worker.metricsUrl!, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('counts every request to AWS by operation and outcome, as AWS (the simulator) answered them', () => {
    expect(run.status).toBe('succeeded');
    expect(simCounts.throttled).toBeGreaterThan(0);
    const operations = Object.entries(simCounts.byOperation);
    expect(operations.map(([key]) => key)).toEqual(expect.arrayContaining(['securityhub:GetFindings']));
    for (const [key, c] of operations) {
      const operation = key.split(':')[1]!;
      expect(delta('pillar_aws_calls_total', { operation, outcome: 'ok' }), `${key} ok`).toBe(c.ok);
      expect(delta('pillar_aws_calls_total', { operation, outcome: 'throttled' }), `${key} throttled`).toBe(c.throttled);
      expect(delta('pillar_aws_calls_total', { operation, outcome: 'error' }), `${key} error`).toBe(c.errors);
    }
    expect(delta('pillar_aws_calls_total')).toBe(simCounts.total);
    // Labelled by service and region too: GetFindings went to both regions' Security Hub.
    const regions = select(after, 'pillar_aws_calls_total', { service: 'securityhub', operation: 'GetFindings', outcome: 'ok' }).map((s) => s.labels.region);
    expect(regions.sort()).toEqual([HOME, 'eu-west-1'].sort());
  });

  it('times each request to AWS in a histogram by operation', () => {
    const calls = delta('pillar_aws_call_duration_seconds_count', { service: 'securityhub', operation: 'GetFindings' });
    expect(calls).toBe((simCounts.byOperation['securityhub:GetFindings']?.requests ?? 0));
    expect(delta('pillar_aws_call_duration_seconds_sum', { operation: 'GetFindings' })).toBeGreaterThan(0);
  });

  it('counts the findings read and written as the run recorded them, and those rejected', () => {
    expect(run.findings_read).toBeGreaterThan(0);
    expect(delta('pillar_findings_ingested_total', { result: 'read' })).toBe(run.findings_read);
    expect(delta('pillar_findings_ingested_total', { result: 'written' })).toBe(run.findings_written);
    expect(select(after, 'pillar_findings_ingested_total', { result: 'rejected' })).toHaveLength(1);
  });

  it('observes the sync duration once, at finalisation, by kind and status', async () => {
    // The observation follows the finalise job's completion, a moment after the run row says finished.
    await expect.poll(async () => total(await scrape(), 'pillar_sync_duration_seconds_count', { kind: 'incremental', status: 'succeeded' })).toBe(1);
    const now = await scrape();
    expect(total(now, 'pillar_sync_duration_seconds_sum', { kind: 'incremental' })).toBeGreaterThan(0);
    expect(total(now, 'pillar_sync_duration_seconds_bucket', { kind: 'incremental', le: '+Inf' })).toBe(1);
  });

  it('serves the default process metrics', () => {
    expect(select(after, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(select(after, 'nodejs_heap_size_used_bytes')).toHaveLength(1);
  });
});

describe('the shared counters in Redis', () => {
  it("hold every worker's AWS calls and findings under the queue prefix, for the API to export", async () => {
    // Flushed after each job: the last flush follows the finalise job.
    await expect.poll(async () => (await readSharedCounters(redis, p.prefix)).findings.read).toBe(run.findings_read);
    const shared = await readSharedCounters(redis, p.prefix);
    const inRedis = (operation: string, outcome: string) => shared.awsCalls.filter((c) => c.operation === operation && c.outcome === outcome).reduce((n, c) => n + c.count, 0);
    const local = await scrape();
    expect(inRedis('GetFindings', 'ok')).toBe(total(local, 'pillar_aws_calls_total', { operation: 'GetFindings', outcome: 'ok' }));
    expect(inRedis('GetFindings', 'throttled')).toBe(total(local, 'pillar_aws_calls_total', { operation: 'GetFindings', outcome: 'throttled' }));
    expect(shared.findings.written).toBe(run.findings_written);
    expect(await redis.exists(`${p.prefix}:metrics:aws-calls`)).toBe(1);
  });
});

describe('configuration', () => {
  const base = { AWS_REGION: HOME };

  it('serves no metrics unless PILLAR_WORKER_METRICS_PORT is set, and then on loopback by default', () => {
    expect(loadWorkerEnv(base).metricsListen).toBeNull();
    expect(loadWorkerEnv({ ...base, PILLAR_WORKER_METRICS_PORT: '9464' }).metricsListen).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadWorkerEnv({ ...base, PILLAR_WORKER_METRICS_PORT: '9464', PILLAR_WORKER_METRICS_HOST: '0.0.0.0' }).metricsListen).toEqual({ host: '0.0.0.0', port: 9464 });
  });

  it('refuses a port that is not one, naming the variable', () => {
    for (const bad of ['0', '70000', 'abc', '94.5']) {
      expect(() => loadWorkerEnv({ ...base, PILLAR_WORKER_METRICS_PORT: bad })).toThrow(ConfigError);
      expect(() => loadWorkerEnv({ ...base, PILLAR_WORKER_METRICS_PORT: bad })).toThrow(/^PILLAR_WORKER_METRICS_PORT: /);
    }
  });

  it('lists the queues the workers consume', () => {
    expect(queueNamesFor({ regions: [HOME, 'eu-west-1'], homeRegion: HOME })).toEqual(p.worker.workers.map((w) => w.name));
  });
});
