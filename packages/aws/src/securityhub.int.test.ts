import type { Simulator } from '@pillar/aws-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPages,
  expectedInitialIds,
  expectedUpdatedSince,
  idsOf,
  sorted,
  sourceFor,
  startSimulator,
} from '../test/sim.ts';
import { AwsCollectorError } from './errors.ts';
import { incrementalStart } from './findings-query.ts';
import type { AwsSource } from './source.ts';

const GET_FINDINGS = 'securityhub:GetFindings';

describe('Security Hub findings against the simulator', () => {
  let sim: Simulator;
  let source: AwsSource;
  const cursors = new Map<string, string>();

  beforeAll(async () => {
    sim = await startSimulator({ disabledHubs: 1 });
    source = sourceFor(sim);
  });

  afterEach(() => {
    sim.clearFaults();
  });

  afterAll(async () => {
    source.close();
    await sim.close();
  });

  it('pulls, in every region, exactly the ACTIVE and recently ARCHIVED findings the simulator holds', async () => {
    for (const region of sim.org.regions) {
      const pages = await collectPages(source.findingPages({ region, mode: { kind: 'initial' } }));
      const ids = idsOf(pages);
      expect(ids.length).toBe(new Set(ids).size);
      expect(sorted(ids)).toEqual(expectedInitialIds(sim, region));
      // Full pages of 100 until each query's last page.
      const notLastOfQuery = pages.filter((p, i) => p.query === pages[i + 1]?.query);
      expect(notLastOfQuery.length).toBeGreaterThan(2);
      expect(notLastOfQuery.every((p) => p.findings.length === 100)).toBe(true);
      const last = pages.at(-1);
      expect(last?.resumeToken).toBeUndefined();
      cursors.set(region, last?.maxUpdatedAt as string);
    }
  });

  it('returns each query oldest UpdatedAt first, as raw ASFF identical to what AWS holds', async () => {
    const region = sim.org.regions[0] as string;
    const pages = await collectPages(source.findingPages({ region, mode: { kind: 'full' } }));
    const active = pages.filter((p) => p.query === 'active').flatMap((p) => p.findings as { UpdatedAt: string }[]);
    const times = active.map((f) => Date.parse(f.UpdatedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const truth = new Map(sim.state().findings({ region }).map((f) => [(f as { Id: string }).Id, f]));
    for (const finding of pages.flatMap((p) => p.findings)) {
      expect(finding).toEqual(truth.get((finding as { Id: string }).Id));
    }
  });

  it('resumes an interrupted pull from a stored token without losing or repeating a finding', async () => {
    const region = sim.org.regions[1] as string;
    const head = await collectPages(source.findingPages({ region, mode: { kind: 'initial' }, maxPages: 3 }));
    expect(head).toHaveLength(3);
    const token = head.at(-1)?.resumeToken as string;
    expect(token).toBeDefined();

    // Another process, another client: only the token travels.
    const other = sourceFor(sim);
    const tail = await collectPages(other.findingPages({ region, mode: { kind: 'initial' }, startingToken: token }));
    other.close();
    const ids = [...idsOf(head), ...idsOf(tail)];
    expect(ids.length).toBe(new Set(ids).size);
    expect(sorted(ids)).toEqual(expectedInitialIds(sim, region));
  });

  it('after a simulated day, an incremental pull fetches only what changed (plus the overlap window)', async () => {
    const summary = sim.advanceDay();
    const changes = sim.changesOn(summary.day);
    expect(changes?.findings.length).toBeGreaterThan(0);
    sim.resetCounters();

    let fetched = 0;
    let pages = 0;
    for (const region of sim.org.regions) {
      const cursor = cursors.get(region) as string;
      const result = await collectPages(source.findingPages({ region, mode: { kind: 'incremental', cursor } }));
      const ids = idsOf(result);
      fetched += ids.length;
      pages += result.length;

      expect(sorted(ids)).toEqual(expectedUpdatedSince(sim, region, incrementalStart(cursor)));
      const changed = (changes?.findings ?? []).filter((c) => c.region === region && c.change !== 'removed').map((c) => c.id);
      expect(changed.length).toBeGreaterThan(0);
      expect(ids).toEqual(expect.arrayContaining(changed));
      expect(ids.length).toBeLessThan(expectedInitialIds(sim, region).length / 2);
      expect(Date.parse(result.at(-1)?.maxUpdatedAt as string)).toBeGreaterThan(Date.parse(cursor));
    }

    const counted = sim.counters({ includeLog: false }).byOperation[GET_FINDINGS];
    expect(counted?.items).toBe(fetched);
    expect(counted?.requests).toBe(pages);
  });

  it('retries a 30% throttle storm inside the client: the pull completes and is exact', async () => {
    const region = sim.org.regions[0] as string;
    sim.resetCounters();
    sim.setFaults({ throttleStorm: { fraction: 0.3, services: ['securityhub'] } });
    const pages = await collectPages(source.findingPages({ region, mode: { kind: 'full' } }));
    expect(sorted(idsOf(pages))).toEqual(expectedInitialIds(sim, region));
    const counted = sim.counters({ includeLog: false }).byOperation[GET_FINDINGS];
    expect(counted?.throttled).toBeGreaterThan(0);
    expect(counted?.ok).toBe(pages.length);
  });

  it('retries a short burst of 5xx answers', async () => {
    const region = sim.org.regions[0] as string;
    sim.setFaults({ serverErrors: { count: 2, kind: 'unavailable', services: ['securityhub'] } });
    const pages = await collectPages(source.findingPages({ region, mode: { kind: 'initial' } }));
    expect(sorted(idsOf(pages))).toEqual(expectedInitialIds(sim, region));
  });

  it('surfaces AccessDenied as an AwsCollectorError of kind access-denied', async () => {
    sim.setFaults({ accessDenied: [sim.org.managementAccountId] });
    const region = sim.org.regions[0] as string;
    const error = await collectPages(source.findingPages({ region, mode: { kind: 'initial' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCollectorError);
    expect(error).toMatchObject({ kind: 'access-denied', code: 'AccessDeniedException', operation: 'GetFindings', region, retryable: false });
    expect((error as Error).message).not.toMatch(/not-checked/);
  });

  it('reports a region where Security Hub is not enabled as not-enabled', async () => {
    const disabled = sim.org.securityHubDisabled[0];
    expect(disabled).toBeDefined();
    const member = sourceFor(sim, { accessKeyId: `AKID${disabled?.accountId}` });
    const error = await collectPages(member.findingPages({ region: disabled?.region as string, mode: { kind: 'initial' } })).catch(
      (e: unknown) => e,
    );
    member.close();
    expect(error).toMatchObject({ kind: 'not-enabled', code: 'InvalidAccessException' });
  });

  it('reports an unreachable endpoint as unavailable and retryable', async () => {
    const closed = await startSimulator();
    const url = closed.url;
    await closed.close();
    const offline = sourceFor(sim, { endpoint: url, maxAttempts: 2 });
    const error = await collectPages(offline.findingPages({ region: 'us-east-1', mode: { kind: 'initial' } })).catch((e: unknown) => e);
    offline.close();
    expect(error).toMatchObject({ kind: 'unavailable', code: 'ECONNREFUSED', retryable: true });
  });
});

describe('Security Hub findings with AWS rate limits enforced', () => {
  // Staying within the rates is the worker's limiter's job; the client's part is to absorb the throttling.
  it('pulls every region at once, the throttled answers retried until the pull is exact', async () => {
    // A tighter limit than AWS's (1/s, burst 2) makes throttling certain however slow this machine is today.
    const sim = await startSimulator({ rateLimits: { securityhub: { GetFindings: { rate: 1, burst: 2 } } }, seed: 7, accounts: 20 });
    const source = sourceFor(sim);
    try {
      const results = await Promise.all(
        sim.org.regions.map(async (region) => ({ region, pages: await collectPages(source.findingPages({ region, mode: { kind: 'initial' } })) })),
      );
      for (const { region, pages } of results) expect(sorted(idsOf(pages))).toEqual(expectedInitialIds(sim, region));
      const counted = sim.counters({ includeLog: false }).byOperation[GET_FINDINGS];
      expect(counted?.ok).toBe(results.reduce((n, r) => n + r.pages.length, 0));
      expect(counted?.throttled).toBeGreaterThan(0);
    } finally {
      source.close();
      await sim.close();
    }
  });
});
