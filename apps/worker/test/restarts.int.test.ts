import { createSimulator, type Simulator } from '@pillar/aws-sim';
import { createPrisma, migrate, type PrismaClient } from '@pillar/db';
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from '@pillar/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection } from '../src/env.ts';
import { createSyncStarter } from '../src/producer.ts';
import { startWorker, type RunningWorker } from '../src/worker.ts';
import { awsFor, HOME } from './harness.ts';

type Asff = { Id: string; RecordState?: string; UpdatedAt: string };
const DAY_MS = 86_400_000;
const REGIONS = [HOME, 'eu-west-1'];

function expectedIds(sim: Simulator): Set<string> {
  const state = sim.state();
  const since = Date.parse(state.now) - 7 * DAY_MS;
  return new Set((state.findings() as unknown as Asff[]).filter((f) => f.RecordState !== 'ARCHIVED' || Date.parse(f.UpdatedAt) >= since).map((f) => f.Id));
}

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      // The server is restarting: ask again.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a sync survives its servers restarting (private Postgres and Redis on their own ports)', () => {
  let pgServer: PrivatePostgres;
  let redisServer: PrivateRedis;

  beforeAll(async () => {
    [pgServer, redisServer] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  });
  afterAll(async () => {
    await Promise.allSettled([pgServer.stop(), redisServer.stop()]);
  });

  async function pipeline(database: string) {
    const url = pgServer.url.replace(/\/postgres$/, `/${database}`);
    await migrate({ databaseUrl: url });
    // GetFindings at AWS's rate (3 pages/s per region) keeps the sync running long enough to restart things under it.
    const sim = await createSimulator({ seed: 4, accounts: 12, regions: REGIONS });
    const aws = awsFor(sim);
    const connection = redisConnection(redisServer.url);
    const prefix = 'pillar-restart';
    const worker: RunningWorker = await startWorker({
      databaseUrl: url,
      connection,
      prefix,
      settings: { regions: REGIONS, homeRegion: HOME, aggregator: 'pillar-org-aggregator', rateLimits: true },
      aws,
      log: pino({ level: 'silent' }),
      lockMs: 3000,
      watchdogMs: 2000,
    });
    const prisma: PrismaClient = createPrisma(url);
    const starter = createSyncStarter({ prisma, connection, prefix, today: () => sim.clock.day });
    return {
      sim,
      prisma,
      async run(during: () => Promise<void>) {
        const run = await starter.start({ kind: 'incremental', requestedBy: 'test' });
        await until(async () => ((await prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } })).findingsRead >= 200 ? true : undefined), 60_000, 'first pages');
        await during();
        return until(async () => {
          const r = await prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } });
          return r.finishedAt ? r : undefined;
        }, 150_000, 'the sync to finish');
      },
      async close() {
        await worker.close();
        await starter.close();
        aws.close();
        await sim.close();
        await prisma.$disconnect();
      },
    };
  }

  it('Redis restarted mid-sync, losing every queued job: the sync completes and equals the simulator', async () => {
    const p = await pipeline('pillar_redis_restart');
    try {
      const run = await p.run(() => redisServer.restart());
      expect(run.status).toBe('succeeded');
      const ids = (await p.prisma.finding.findMany({ select: { findingId: true } })).map((f) => f.findingId);
      expect(ids.length).toBe(new Set(ids).size);
      expect(new Set(ids)).toEqual(expectedIds(p.sim));
      expect(await p.prisma.recordedDay.count()).toBe(1);
    } finally {
      await p.close();
    }
  }, 240_000);

  it('Postgres restarted mid-sync: jobs retry, nothing is half-written, the sync completes and equals the simulator', async () => {
    const p = await pipeline('pillar_pg_restart');
    try {
      const run = await p.run(() => pgServer.restart());
      expect(run.status).toBe('succeeded');
      const ids = (await p.prisma.finding.findMany({ select: { findingId: true } })).map((f) => f.findingId);
      expect(ids.length).toBe(new Set(ids).size);
      expect(new Set(ids)).toEqual(expectedIds(p.sim));
      const parts = await p.prisma.syncPart.findMany({ where: { status: { not: 'succeeded' } } });
      expect(parts).toEqual([]);
    } finally {
      await p.close();
    }
  }, 240_000);
});
