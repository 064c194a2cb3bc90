import { createSimulator, type Simulator } from '@pillar/aws-sim';
import { createTestDatabase, deleteRedisKeys, uniqueRedisPrefix, type TestDatabase } from '@pillar/testkit';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisConnection } from '../src/env.ts';
import { createSyncStarter } from '../src/producer.ts';
import { HOME, REDIS_URL, waitForRun } from './harness.ts';
import { pipelineEnv, spawnEntry, waitForOutput, type Child } from './processes.ts';

const REGIONS = [HOME, 'eu-west-1'];
const DAY_MS = 86_400_000;
const yesterday = () => new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);

type Asff = { Id: string; RecordState?: string; UpdatedAt: string };

/** An initial pull returns ACTIVE findings and those ARCHIVED in the last 7 days (by the real clock here). */
function expectedIds(sim: Simulator): Set<string> {
  const since = Date.now() - 7 * DAY_MS;
  const all = sim.state().findings() as unknown as Asff[];
  return new Set(all.filter((f) => f.RecordState !== 'ARCHIVED' || Date.parse(f.UpdatedAt) >= since).map((f) => f.Id));
}

describe('worker processes', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.reverse()) await fn();
    cleanup.length = 0;
  });

  async function setUp(accounts: number) {
    const sim = await createSimulator({ seed: 21, accounts, regions: REGIONS, startDay: yesterday() });
    const db: TestDatabase = await createTestDatabase();
    const prefix = uniqueRedisPrefix('proc');
    const starter = createSyncStarter({ prisma: db.prisma, connection: redisConnection(REDIS_URL), prefix });
    cleanup.push(
      () => sim.close(),
      () => db.drop(),
      () => starter.close(),
      async () => {
        const redis = new Redis(REDIS_URL);
        await deleteRedisKeys(redis, prefix);
        redis.disconnect();
      },
    );
    const env = pipelineEnv({ simUrl: sim.url, databaseUrl: db.url, prefix, regions: REGIONS, home: HOME });
    const worker = (): Child => {
      const child = spawnEntry('apps/worker/src/main.ts', [], env);
      cleanup.push(async () => {
        if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
        await child.exited;
      });
      return child;
    };
    return { sim, db, starter, worker, env };
  }

  it('completes a sync after its worker is killed mid-sync, storing exactly what AWS holds', async () => {
    const { sim, db, starter, worker } = await setUp(16);
    const first = worker();
    await waitForOutput(first, /worker started/);
    const run = await starter.start({ kind: 'incremental', requestedBy: 'test' });
    // Let it store some pages (GetFindings is limited to 3 pages/s per region), then kill it without warning.
    for (;;) {
      const r = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } });
      if (r.findingsRead >= 400) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    first.proc.kill('SIGKILL');
    await first.exited;
    const stored = await db.prisma.finding.count();
    const expected = expectedIds(sim);
    expect(stored).toBeLessThan(expected.size);

    const second = worker();
    const done = await waitForRun(db, run.id, 150_000);
    expect(done.status).toBe('succeeded');
    const ids = (await db.prisma.finding.findMany({ select: { findingId: true } })).map((f) => f.findingId);
    expect(ids.length).toBe(expected.size);
    expect(new Set(ids)).toEqual(expected);
    expect(await db.prisma.recordedDay.count()).toBe(1);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 200_000);

  it('keeps GetFindings within 3 requests/s per region (burst 6) with two worker processes', async () => {
    const { sim, db, starter, worker } = await setUp(16);
    const a = worker();
    const b = worker();
    await Promise.all([waitForOutput(a, /worker started/), waitForOutput(b, /worker started/)]);
    sim.resetCounters();
    const run = await starter.start({ kind: 'incremental', requestedBy: 'test' });
    const done = await waitForRun(db, run.id, 150_000);
    expect(done.status).toBe('succeeded');
    const snapshot = sim.counters({ includeLog: true });
    const calls = snapshot.requests.filter((r) => r.service === 'securityhub' && r.operation === 'GetFindings');
    expect(calls.length).toBeGreaterThan(20);
    expect(snapshot.byOperation['securityhub:GetFindings']?.throttled).toBe(0);
    for (const region of REGIONS) {
      // A token bucket of 3/s with 6 tokens, replayed over the arrivals: it must never run dry.
      let tokens = 6;
      let last = 0;
      for (const r of calls.filter((c) => c.region === region).sort((x, y) => x.at - y.at)) {
        tokens = Math.min(6, tokens + ((r.at - (last || r.at)) / 1000) * 3);
        last = r.at;
        tokens -= 1;
        expect(tokens).toBeGreaterThanOrEqual(-1e-9);
      }
    }
  }, 200_000);
});
