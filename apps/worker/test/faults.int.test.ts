import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, startPipeline, type Pipeline } from './harness.ts';
import { pipelineEnv, spawnEntry } from './processes.ts';

type Asff = { Id: string; AwsAccountId: string; RecordState?: string; UpdatedAt: string; Compliance?: { Status?: string } };
const DAY_MS = 86_400_000;

function expectedIds(p: Pipeline): Set<string> {
  const state = p.sim.state();
  const since = Date.parse(state.now) - 7 * DAY_MS;
  return new Set((state.findings() as unknown as Asff[]).filter((f) => f.RecordState !== 'ARCHIVED' || Date.parse(f.UpdatedAt) >= since).map((f) => f.Id));
}

async function storedIds(p: Pipeline): Promise<Set<string>> {
  return new Set((await p.db.prisma.finding.findMany({ select: { findingId: true } })).map((f) => f.findingId));
}

describe('syncs under AWS faults', () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline({ seed: 33, accounts: 8 });
  });
  afterAll(async () => {
    await p.close();
  });

  it('treats throttling as a reason to wait, never as a failure (30% of answers throttled)', async () => {
    p.sim.setFaults({ throttleStorm: 0.3 });
    p.sim.resetCounters();
    const run = await p.sync();
    p.sim.clearFaults();
    expect(p.sim.counters().throttled).toBeGreaterThan(0);
    expect(run.status).toBe('succeeded');
    expect(await storedIds(p)).toEqual(expectedIds(p));
  });

  it('rides out a spell of 5xx answers', async () => {
    p.sim.advanceDay();
    p.sim.setFaults({ serverErrors: { count: 12 } });
    const run = await p.sync();
    p.sim.clearFaults();
    expect(run.status).toBe('succeeded');
    const truth = p.sim.state().findings() as unknown as Asff[];
    const stored = new Map((await p.db.prisma.finding.findMany({ select: { findingId: true, complianceStatus: true } })).map((f) => [f.findingId, f.complianceStatus]));
    for (const f of truth.filter((t) => t.RecordState !== 'ARCHIVED')) expect(stored.get(f.Id) ?? null).toBe(f.Compliance?.Status ?? null);
  });

  it('fails only the denied account, completes the others, and the CLI exits 2 naming it', async () => {
    const accounts = await p.db.prisma.configRuleCompliance.groupBy({ by: ['accountId'], where: { compliance: 'NON_COMPLIANT' } });
    const denied = accounts.map((a) => a.accountId).find((id) => id !== p.sim.org.managementAccountId);
    expect(denied).toBeDefined();
    p.sim.setFaults({ accessDenied: [denied!] });
    const cli = spawnEntry('apps/worker/src/cli.ts', ['sync', '--wait'], pipelineEnv({ simUrl: p.sim.url, databaseUrl: p.db.url, prefix: p.prefix, regions: [HOME, 'eu-west-1'], home: HOME }));
    const code = await cli.exited;
    p.sim.clearFaults();
    expect(cli.output()).toMatch(new RegExp(`failed: config account ${denied!} region \\*: access-denied`));
    expect(code).toBe(2);
    const parts = await p.db.prisma.syncPart.findMany({ where: { status: 'failed' } });
    expect(parts.map((x) => x.accountId)).toEqual([denied]);
    const latest = await p.db.prisma.syncRun.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect(latest.status).toBe('partial');
    expect(latest.partsDone).toBe(latest.partsTotal - 1);
  });
});
