import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { addDays, dayOf } from '@pillar/domain';
import { startPipeline, type Pipeline } from '../../../worker/test/harness.ts';
import { bearer, buildTestApp, factories, REDIS_URL, type TestApp, type TestAppOptions } from '../helpers.ts';

/** The proxy the fuzz app trusts, so that a request may name its client address (login limits are per address). */
export const TRUSTED_PROXY = '127.0.0.1,::1,::ffff:127.0.0.1';

/** What the valid-input generators draw from: real values of the synced data. */
export type Facts = {
  today: string;
  /** First and last recorded day. */
  firstDay: string;
  lastDay: string;
  accountIds: string[];
  regions: string[];
  /** Control ids the API accepts as a parameter (printable ASCII). */
  controlIds: string[];
  findingIds: string[];
  syncIds: string[];
  /** Titles, control ids and resource ids of stored findings: text a `q` search can find. */
  searchable: string[];
  /** The workers' queues (Bull Board shows them), and a job left waiting in one that no worker reads. */
  queueNames: string[];
  probeJob: { queue: string; id: string };
};

export type World = {
  pipeline: Pipeline;
  t: TestApp;
  facts: Facts;
  admin: Record<string, string>;
  viewer: Record<string, string>;
  make: ReturnType<typeof factories>;
  /** A login with a known password (never locked: nothing tries it with a wrong one). */
  loginUser: { email: string; password: string };
  close(): Promise<void>;
};

/**
 * A small real organisation (4 accounts, 2 regions, 2 recorded days ending yesterday) synced through the real
 * pipeline, and the API built on the same database exactly as production builds it. The global rate limit is
 * lifted (a property sends thousands of requests a minute with one token); every other setting is the default.
 */
export async function startWorld(options: { seed: number; app?: TestAppOptions }): Promise<World> {
  const started = Date.now();
  const today = dayOf(Date.now());
  const pipeline = await startPipeline({ seed: options.seed, accounts: 4, startDay: addDays(today, -2) });
  try {
    for (let day = 0; day < 2; day++) {
      if (day > 0) pipeline.sim.advanceDay();
      const run = await pipeline.sync({ full: day === 0 });
      if (run.status !== 'succeeded') throw new Error(`setup sync ${day} ended ${run.status}`);
    }
  } catch (err) {
    await pipeline.close();
    throw err;
  }
  // The data stays as synced: a sync the API starts (POST /syncs) is queued, never run, while the tests read.
  await Promise.all(pipeline.worker.workers.map((w) => w.pause()));
  const probeJob = await waitingJob(pipeline.prefix);
  const t = await buildTestApp({
    db: pipeline.db,
    // The board and /metrics look at the pipeline's own queues.
    queuePrefix: pipeline.prefix,
    ...options.app,
    env: { PILLAR_RATE_LIMIT: '10000000', PILLAR_TRUST_PROXY: TRUSTED_PROXY, ...options.app?.env },
  });
  console.log(`world ready in ${Date.now() - started} ms`);
  const make = factories(t.db, t.redis, t.redisPrefix);
  const admin = bearer((await make.token('admin', 'fuzz-admin')).secret);
  const viewer = bearer((await make.token('viewer', 'fuzz-viewer')).secret);
  // A second admin login: "the last active admin stays" never gets in the way of a generated change.
  await make.user({ role: 'admin' });
  const user = await make.user({ role: 'viewer' });
  return {
    pipeline,
    t,
    facts: { ...(await factsOf(t, today)), queueNames: await queueNamesOf(t.redis, pipeline.prefix), probeJob },
    admin,
    viewer,
    make,
    loginUser: { email: user.email, password: user.password },
    async close() {
      await t.close();
      await pipeline.close();
    },
  };
}

/** A job no worker reads, so that the board has a job to show. */
async function waitingJob(prefix: string): Promise<Facts['probeJob']> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('fuzz-probe', { connection, prefix });
  try {
    const job = await queue.add('probe', { purpose: 'a job for Bull Board to show' });
    return { queue: 'fuzz-probe', id: String(job.id) };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function queueNamesOf(redis: Redis, prefix: string): Promise<string[]> {
  const keys = await redis.keys(`${prefix}:*:meta`);
  return keys.map((k) => k.slice(prefix.length + 1, -':meta'.length)).filter((n) => n !== '' && !n.includes(':'));
}

async function factsOf(t: TestApp, today: string): Promise<Omit<Facts, 'queueNames' | 'probeJob'>> {
  const prisma = t.db.prisma;
  const [days, accounts, regions, controls, findings, syncs] = await Promise.all([
    prisma.recordedDay.findMany({ select: { day: true }, orderBy: { day: 'asc' } }),
    prisma.account.findMany({ select: { id: true } }),
    prisma.finding.findMany({ select: { region: true }, distinct: ['region'] }),
    prisma.control.findMany({ select: { id: true } }),
    prisma.finding.findMany({ select: { id: true, title: true, controlId: true, resourceIds: true }, take: 2000 }),
    prisma.syncRun.findMany({ select: { id: true } }),
  ]);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last || accounts.length === 0 || findings.length === 0) throw new Error('the setup sync stored no data');
  return {
    today,
    firstDay: iso(first.day),
    lastDay: iso(last.day),
    accountIds: accounts.map((a) => a.id),
    regions: regions.map((r) => r.region),
    controlIds: controls.map((c) => c.id).filter((id) => /^[\x21-\x7e]{1,256}$/.test(id)),
    findingIds: findings.map((f) => f.id.toString()),
    syncIds: syncs.map((s) => s.id),
    searchable: findings.flatMap((f) => [f.title, f.controlId ?? '', ...f.resourceIds]).filter((s) => s.trim() !== ''),
  };
}
