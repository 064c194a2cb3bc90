import { DescribeAggregateComplianceByConfigRulesCommand, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { createSimulator } from '../src/index.ts';
import { admin, clients, raw } from './sdk.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ seed: 303, accounts: 6, regions: ['us-east-1', 'eu-west-1'] });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.clearFaults();
  sim.resetCounters();
});

/** Waits until every token bucket is full again (GetFindings refills 3 a second, burst 6). */
const settle = () => new Promise((r) => setTimeout(r, 2100));

describe('rate limits', () => {
  it('answers GetFindings beyond the burst of 6 with TooManyRequestsException (429), counted on arrival', async () => {
    await settle();
    const sh = clients(sim, { maxAttempts: 1 }).securityHub;
    const t0 = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => sh.send(new GetFindingsCommand({ MaxResults: 1 }))));
    const seconds = (performance.now() - t0) / 1000;
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const ok = results.length - rejected.length;
    // Burst 6, plus what 3/s refills while the ten requests arrive (nothing on an idle machine).
    expect(ok).toBeGreaterThanOrEqual(6);
    expect(ok).toBeLessThanOrEqual(6 + Math.floor(3 * seconds));
    expect(rejected[0]?.reason).toMatchObject({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
    const c = sim.counters();
    expect(c.byOperation['securityhub:GetFindings']).toMatchObject({ requests: 10, ok, throttled: 10 - ok });
    expect(c.requests.filter((r) => r.outcome === 'TooManyRequestsException')).toHaveLength(10 - ok);
    expect(c.requests.every((r) => r.region === 'us-east-1' && r.accountId === sim.org.managementAccountId)).toBe(true);
  });

  it('keeps separate buckets per region', async () => {
    await settle();
    const east = clients(sim, { maxAttempts: 1 }).securityHub;
    const west = clients(sim, { maxAttempts: 1, region: 'eu-west-1' }).securityHub;
    const all = await Promise.allSettled([...Array.from({ length: 6 }, () => east.send(new GetFindingsCommand({ MaxResults: 1 }))), ...Array.from({ length: 6 }, () => west.send(new GetFindingsCommand({ MaxResults: 1 })))]);
    expect(all.every((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('is retried by the SDK with default settings until it goes through', async () => {
    // A full bucket: only the storm throttles, whatever the tests before used and however busy the machine is.
    await settle();
    sim.setFaults({ throttleStorm: { count: 2, services: ['securityhub'] } });
    const res = await clients(sim).securityHub.send(new GetFindingsCommand({ MaxResults: 1 }));
    expect(res.$metadata.attempts).toBe(3);
    expect(sim.counters().byOperation['securityhub:GetFindings']).toMatchObject({ requests: 3, throttled: 2, ok: 1 });
  });

  it('throttles Config with ThrottlingException', async () => {
    sim.setFaults({ throttleStorm: 1 });
    const err = await clients(sim, { maxAttempts: 1 }).config.send(new DescribeConfigRulesCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    const res = await raw(sim, 'config', { headers: { 'x-amz-target': 'StarlingDoveService.DescribeConfigRules' } });
    expect(JSON.parse(res.text)).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
  });

  it('can be turned off', async () => {
    const free = await createSimulator({ seed: 303, accounts: 3, rateLimits: false });
    try {
      const sh = clients(free, { maxAttempts: 1 }).securityHub;
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => sh.send(new GetFindingsCommand({ MaxResults: 1 }))));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    } finally {
      await free.close();
    }
  });
});

describe('AccessDenied fault', () => {
  it('denies calls made by a denied account', async () => {
    const victim = sim.org.accounts[2]!.id;
    sim.setFaults({ accessDenied: [victim] });
    const err = await clients(sim, { accessKeyId: `AKIA${victim}`, maxAttempts: 1 }).securityHub.send(new GetFindingsCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
  });

  it('denies the administrator a GetFindings filtered on a denied account, and an aggregator call aimed at it', async () => {
    const victim = sim.org.accounts[3]!.id;
    await settle();
    sim.setFaults({ accessDenied: [victim] });
    const c = clients(sim, { maxAttempts: 1 });
    await expect(c.securityHub.send(new GetFindingsCommand({ Filters: { AwsAccountId: [{ Comparison: 'EQUALS', Value: victim }] } }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(c.securityHub.send(new GetFindingsCommand({ MaxResults: 1 }))).resolves.toBeDefined();
    await expect(
      c.config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: sim.org.aggregator!.name, Filters: { AccountId: victim } })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('5xx fault', () => {
  it('answers InternalException (500) for the next N requests', async () => {
    await settle();
    sim.setFaults({ serverErrors: { count: 1, services: ['securityhub'] } });
    const err = await clients(sim, { maxAttempts: 1 }).securityHub.send(new GetFindingsCommand({ MaxResults: 1 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InternalException', $metadata: { httpStatusCode: 500 } });
    await expect(clients(sim, { maxAttempts: 1 }).securityHub.send(new GetFindingsCommand({ MaxResults: 1 }))).resolves.toBeDefined();
  });

  it('is retried by the SDK with default settings', async () => {
    await settle();
    sim.setFaults({ serverErrors: { count: 2, kind: 'unavailable' } });
    const res = await clients(sim).config.send(new DescribeConfigRulesCommand({}));
    expect(res.$metadata.attempts).toBe(3);
  });

  it('answers 5xx for a window of seconds', async () => {
    sim.setFaults({ serverErrors: { seconds: 0.3 } });
    await expect(clients(sim, { maxAttempts: 1 }).config.send(new DescribeConfigRulesCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    await new Promise((r) => setTimeout(r, 350));
    await expect(clients(sim, { maxAttempts: 1 }).config.send(new DescribeConfigRulesCommand({}))).resolves.toBeDefined();
  });
});

describe('latency fault and the admin endpoints', () => {
  it('delays answers', async () => {
    sim.setFaults({ latencyMs: 150 });
    const t0 = performance.now();
    await clients(sim).config.send(new DescribeConfigRulesCommand({}));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('sets faults and reads and resets counters over HTTP', async () => {
    const set = await admin(sim, 'POST', '/_sim/faults', { throttleStorm: { fraction: 1, services: ['sts'] } });
    expect(set).toMatchObject({ status: 200, json: { throttleStorm: { fraction: 1, services: ['sts'] } } });
    expect((await admin(sim, 'POST', '/_sim/faults', { throttleStorm: 5 })).status).toBe(400);
    await clients(sim, { maxAttempts: 1 }).config.send(new DescribeConfigRulesCommand({}));
    const counters = await admin(sim, 'GET', '/_sim/counters');
    expect(counters.json).toMatchObject({ total: 1, byOperation: { 'config:DescribeConfigRules': { requests: 1, ok: 1 } } });
    await admin(sim, 'POST', '/_sim/counters/reset');
    expect((await admin(sim, 'GET', '/_sim/counters?log=0')).json).toMatchObject({ total: 0 });
    expect((await admin(sim, 'DELETE', '/_sim/faults')).json).toMatchObject({ throttleStorm: null });
  });
});
