import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@pillar/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoOptions } from '../src/demo.ts';

const DAYS = 12;

describe('pnpm demo (small organisation)', () => {
  let db: TestDatabase;
  let options: DemoOptions;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    options = {
      databaseUrl: db.url,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      host: '127.0.0.1',
      port: 0,
      accounts: 6,
      regions: ['us-east-1', 'eu-west-1'],
      days: DAYS,
      seed: 7,
      queuePrefix: uniqueRedisPrefix('demo'),
      webRoot: null,
      today: '2026-11-29',
    };
  });
  afterAll(async () => {
    await db.drop();
  });

  it('replays one finished sync per day, and a rerun adds no history twice', async () => {
    const seen: string[] = [];
    const demo = await startDemo({ ...options, progress: (_d, _t, day, replayed) => replayed && seen.push(day) });
    try {
      expect(seen).toHaveLength(DAYS);
      expect(seen[0]).toBe('2026-11-18');
      expect(seen.at(-1)).toBe('2026-11-29');
      const runs = await db.prisma.syncRun.findMany({ orderBy: { asOf: 'asc' } });
      expect(runs).toHaveLength(DAYS);
      expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
      expect(runs.map((r) => r.asOf.toISOString().slice(0, 10))).toEqual(seen);

      // The dashboard's API answers with a trend that moves.
      const login = await fetch(`${demo.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: demo.email, password: demo.password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      const trends = (await (await fetch(`${demo.url}/api/v1/trends?from=2026-11-18&to=2026-11-29`, { headers: { cookie } })).json()) as {
        points: { date: string; overall: { score: number | null } }[];
      };
      const scores = trends.points.map((p) => p.overall.score);
      expect(scores).toHaveLength(DAYS);
      expect(scores.every((s) => typeof s === 'number')).toBe(true);
      expect(new Set(scores).size).toBeGreaterThan(1);
    } finally {
      await demo.close();
    }

    const again: string[] = [];
    const rerun = await startDemo({ ...options, progress: (_d, _t, day, replayed) => replayed && again.push(day) });
    await rerun.close();
    expect(again).toEqual([]);
    expect(await db.prisma.syncRun.count()).toBe(DAYS);
    expect(await db.prisma.recordedDay.count()).toBe(DAYS);
  });

  it('says in one line what to do when the port is taken', async () => {
    const blocker = (await import('node:net')).createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    await expect(startDemo({ ...options, port })).rejects.toThrow(new RegExp(`^PORT: 127\\.0\\.0\\.1:${port} is already in use`));
    blocker.close();
  });

  it('says in one line what to do without Redis', async () => {
    await expect(startDemo({ ...options, redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/^REDIS_URL: no Redis at 127\.0\.0\.1:1/);
  });
});
