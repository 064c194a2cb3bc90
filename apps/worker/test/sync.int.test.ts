import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from './harness.ts';

type Asff = {
  Id: string;
  ProductArn: string;
  AwsAccountId: string;
  RecordState?: string;
  UpdatedAt: string;
  Compliance?: { Status?: string };
};

const DAY_MS = 86_400_000;

/** What an initial or full pull returns (the ground truth, computed from the simulator's state only). */
function expectedFindings(p: Pipeline): Asff[] {
  const state = p.sim.state();
  const since = Date.parse(state.now) - 7 * DAY_MS;
  return (state.findings() as unknown as Asff[]).filter((f) => f.RecordState !== 'ARCHIVED' || Date.parse(f.UpdatedAt) >= since);
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe('a sync of a simulated 50-account, 2-region organisation', () => {
  let p: Pipeline;

  beforeAll(async () => {
    p = await startPipeline({ seed: 11, accounts: 50 });
  });
  afterAll(async () => {
    await p.close();
  });

  it('stores exactly the findings AWS returns, per account, region and compliance status', async () => {
    const run = await p.sync();
    expect(run.status).toBe('succeeded');
    const expected = expectedFindings(p);
    const stored = await p.db.prisma.finding.findMany({ select: { findingId: true, accountId: true, region: true, complianceStatus: true, recordState: true } });
    expect(stored.length).toBe(expected.length);
    expect(new Set(stored.map((f) => f.findingId))).toEqual(new Set(expected.map((f) => f.Id)));
    expect(countBy(stored, (f) => `${f.accountId}|${f.complianceStatus ?? '-'}|${f.recordState}`)).toEqual(
      countBy(expected, (f) => `${f.AwsAccountId}|${f.Compliance?.Status ?? '-'}|${f.RecordState ?? 'ACTIVE'}`),
    );
    expect(run.findings_written).toBe(expected.length);
  });

  it('stores the Config compliance of every rule that Security Hub did not create', async () => {
    const truth = p.sim
      .state()
      .configRules()
      .filter((r) => !r.configRuleName.startsWith('securityhub-') && r.compliance !== 'INSUFFICIENT_DATA');
    const stored = await p.db.prisma.configRuleCompliance.findMany();
    expect(countBy(stored, (r) => `${r.accountId}|${r.region}|${r.compliance}`)).toEqual(
      countBy(truth, (r) => `${r.accountId}|${r.region}|${r.compliance}`),
    );
    const failingResources = truth.filter((r) => r.compliance === 'NON_COMPLIANT').flatMap((r) => r.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT'));
    expect(await p.db.prisma.configEvaluation.count({ where: { compliance: 'NON_COMPLIANT' } })).toBe(failingResources.length);
  });

  it('records the day: organisation totals equal the sum of the accounts', async () => {
    const day = p.sim.clock.day;
    const org = await p.db.prisma.$queryRaw<{ n: number }[]>`SELECT sum(passed + failed + unknown + no_data)::int AS n FROM org_day WHERE region = '*' AND day = ${day}::date`;
    const pairs = await p.db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pair_state WHERE region = '*' AND to_day IS NULL`;
    expect(org[0]?.n).toBe(pairs[0]?.n);
    expect(pairs[0]?.n).toBeGreaterThan(50);
    const recorded = await p.db.prisma.recordedDay.findMany();
    expect(recorded.map((r) => r.day.toISOString().slice(0, 10))).toEqual([day]);
  });

  it('rewrites nothing when nothing changed', async () => {
    const before = await p.db.prisma.finding.aggregate({ _max: { changedAt: true } });
    const run = await p.sync();
    expect(run.status).toBe('succeeded');
    expect(run.findings_written).toBe(0);
    const after = await p.db.prisma.finding.aggregate({ _max: { changedAt: true } });
    expect(after._max.changedAt).toEqual(before._max.changedAt);
    expect(await p.db.prisma.finding.count()).toBe(expectedFindings(p).length);
  });

  it('after a day of changes, fetches only what changed and ends equal to the simulator', async () => {
    p.sim.advanceDay();
    const changed = p.sim.changesOn(p.sim.clock.day)?.findings ?? [];
    expect(changed.length).toBeGreaterThan(0);
    p.sim.resetCounters();
    const run = await p.sync();
    expect(run.status).toBe('succeeded');
    // The simulator's own count of the findings it answered: only what changed (plus the overlap window).
    const answered = p.sim.counters().byOperation['securityhub:GetFindings']?.items ?? 0;
    expect(answered).toBe(run.findings_read);
    expect(answered).toBeLessThan(expectedFindings(p).length / 2);
    expect(run.findings_read).toBeGreaterThanOrEqual(changed.filter((c) => c.change !== 'removed').length);
    const truth = p.sim.state().findings() as unknown as Asff[];
    const stored = await p.db.prisma.finding.findMany({ select: { findingId: true, complianceStatus: true, recordState: true } });
    const byId = new Map(stored.map((f) => [f.findingId, f]));
    for (const f of truth.filter((t) => t.RecordState !== 'ARCHIVED')) {
      expect(byId.get(f.Id)?.complianceStatus ?? null).toBe(f.Compliance?.Status ?? null);
    }
    const days = await p.db.prisma.recordedDay.count();
    expect(days).toBe(2);
  });
});

describe('a full reconciliation', () => {
  let p: Pipeline;

  beforeAll(async () => {
    p = await startPipeline({ seed: 12, accounts: 5 });
  });
  afterAll(async () => {
    await p.close();
  });

  it('marks the findings AWS no longer returns as gone, which an incremental pull cannot see', async () => {
    expect((await p.sync()).status).toBe('succeeded');
    const active = (p.sim.state().findings() as unknown as Asff[]).filter((f) => f.RecordState !== 'ARCHIVED');
    const removed = active.slice(0, 3).map((f) => f.Id);
    expect(p.sim.removeFindings(removed)).toBe(3);

    const incremental = await p.sync();
    expect(incremental.status).toBe('succeeded');
    expect(await p.db.prisma.finding.count({ where: { goneAt: { not: null } } })).toBe(0);

    const full = await p.sync({ full: true });
    expect(full.status).toBe('succeeded');
    const gone = await p.db.prisma.finding.findMany({ where: { goneAt: { not: null } }, select: { findingId: true, isOpen: true, countsForScore: true } });
    expect(gone.map((g) => g.findingId).sort()).toEqual([...removed].sort());
    expect(gone.every((g) => !g.isOpen && !g.countsForScore)).toBe(true);
    const states = await p.db.prisma.findingState.findMany({ where: { state: 'gone', toDay: null } });
    expect(states).toHaveLength(3);
  });
});
