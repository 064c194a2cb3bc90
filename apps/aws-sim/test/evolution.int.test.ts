import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { createSimulator } from '../src/index.ts';
import { admin, allFindings, clients } from './sdk.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ seed: 505, accounts: 10, regions: ['us-east-1', 'eu-west-1'], rateLimits: false });
});
afterAll(async () => {
  await sim.close();
});

describe('day-by-day evolution over the wire', () => {
  it('changes UpdatedAt only of the findings that changed, and an UpdatedAt filter returns exactly them', async () => {
    const sh = clients(sim).securityHub;
    const before = new Map((await allFindings(sh)).map((f) => [f.Id, f.UpdatedAt]));
    const cursor = sim.clock.now().toISOString();
    const summary = sim.advanceDay();
    const changes = sim.changesOn(summary.day)!;
    const changedHere = changes.findings.filter((c) => c.region === 'us-east-1').map((c) => c.id);
    const incremental = await allFindings(sh, { Filters: { UpdatedAt: [{ Start: cursor }] } });
    expect(incremental.map((f) => f.Id).sort()).toEqual([...changedHere].sort());
    const after = await allFindings(sh);
    for (const f of after) {
      if (changedHere.includes(f.Id ?? '')) expect(f.UpdatedAt?.slice(0, 10)).toBe(summary.day);
      else expect(f.UpdatedAt).toBe(before.get(f.Id));
    }
    expect(sim.counters().byOperation['securityhub:GetFindings']?.items).toBe(before.size + incremental.length + after.length);
  });

  it('serves the same findings for the same seed', async () => {
    const twin = await createSimulator({ seed: 505, accounts: 10, regions: ['us-east-1', 'eu-west-1'], rateLimits: false });
    const other = await createSimulator({ seed: 506, accounts: 10, regions: ['us-east-1', 'eu-west-1'], rateLimits: false });
    try {
      const fresh = await createSimulator({ seed: 505, accounts: 10, regions: ['us-east-1', 'eu-west-1'], rateLimits: false });
      try {
        const a = await allFindings(clients(fresh).securityHub);
        const b = await allFindings(clients(twin).securityHub);
        expect(b).toEqual(a);
        const c = await allFindings(clients(other).securityHub);
        expect(c.map((f) => f.Id)).not.toEqual(a.map((f) => f.Id));
      } finally {
        await fresh.close();
      }
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('stops returning removed findings, without a change of UpdatedAt anywhere', async () => {
    const sh = clients(sim).securityHub;
    const page = await sh.send(new GetFindingsCommand({ MaxResults: 3 }));
    const ids = (page.Findings ?? []).map((f) => f.Id ?? '');
    expect(sim.removeFindings(ids)).toBe(3);
    const all = await allFindings(sh);
    expect(all.some((f) => ids.includes(f.Id ?? ''))).toBe(false);
    expect(sim.changesOn(sim.clock.day)?.findings.filter((c) => c.change === 'removed').map((c) => c.id)).toEqual(ids);
  });

  it('advances, reports state and lists changes through /_sim', async () => {
    const adv = await admin(sim, 'POST', '/_sim/advance', { days: 2, story: { improve: ['iam'], incident: { findings: 10 } } });
    expect(adv.status).toBe(200);
    const days = (adv.json as { days: Array<{ day: string; created: number }> }).days;
    expect(days).toHaveLength(2);
    expect(days[0]?.created).toBeGreaterThanOrEqual(10);
    const state = await admin(sim, 'GET', '/_sim/state');
    expect(state.json).toMatchObject({ day: days[1]?.day, accounts: 10 });
    const changes = await admin(sim, 'GET', `/_sim/changes?day=${days[0]?.day ?? ''}`);
    expect((changes.json as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    expect((await admin(sim, 'GET', '/_sim/changes?day=1999-01-01')).status).toBe(404);
    expect((await admin(sim, 'POST', '/_sim/advance', { story: { improve: ['not-a-domain'] } })).status).toBe(400);
  });
});
