// The API against SCORING.md on a generated organisation: one real sync of the simulator (12 accounts x
// 2 regions, both control formats, GuardDuty and Inspector, Config rules through the aggregator), then every
// posture, account and control number compared with ground truth computed in this file's helpers from the
// simulator's raw ASFF and Config evaluations (./ground-truth.ts, which imports none of the product's code).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../../worker/test/harness.ts';
import { counts, DOMAINS, ProductView, round1, type Fact, type Source, type Truth } from './ground-truth.ts';
import { postureOf, scoresOnly, truthApp, type AccountBody, type AccountsBody, type ControlsBody, type PostureBody, type TruthApp } from './setup.ts';

// Seed 196: account #1's all-suppressed pair (the simulator's `noDataPairs`) is its only unmapped Security Hub
// control, which gives a scope whose every pair is NO_DATA (checked below, not assumed).
const SEED = 196;
const START = '2025-06-01';

let p: Pipeline;
let api: TruthApp;
let truth: Truth;
let day: string;

beforeAll(async () => {
  p = await startPipeline({ seed: SEED, accounts: 12, startDay: START });
  api = await truthApp(p.db);
  day = p.sim.clock.day;
  const run = await p.sync({ asOf: day });
  expect(run.status).toBe('succeeded');
  truth = new ProductView().sync(p.sim.state());
}, 180_000);

afterAll(async () => {
  await api?.close();
  await p?.close();
});

const q = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries({ ...params, date: day }).filter((e): e is [string, string] => e[1] !== undefined)).toString();
const posture = async (params: Record<string, string | undefined> = {}) => postureOf(await api.get<PostureBody>(`/api/v1/posture?${q(params)}`));

describe('ground truth of the generated organisation', () => {
  it('covers what the scores must get right', () => {
    const accounts = truth.accounts();
    expect(accounts).toEqual(p.sim.org.accounts.map((a) => a.id).sort());
    const statuses = new Set(truth.pairs.map((x) => x.status));
    expect([...statuses].sort()).toEqual(['FAILED', 'NO_DATA', 'PASSED', 'UNKNOWN']);
    for (const d of DOMAINS) expect(truth.pairs.some((x) => x.domain === d.key), d.key).toBe(true);
    expect(truth.pairs.some((x) => x.domain === null)).toBe(true);
    expect(truth.pairs.some((x) => x.source === 'config')).toBe(true);
    expect(truth.pairs.some((x) => x.controlId.startsWith('cis-aws-foundations-benchmark/v/1.2.0/'))).toBe(true);
    expect(truth.facts.some((f) => f.product === 'aws/guardduty') && truth.facts.some((f) => f.product === 'aws/inspector')).toBe(true);
    // The first pull leaves out findings archived more than 7 days ago: the truth is what AWS returns.
    expect(truth.facts.length).toBeLessThan(p.sim.state().findingCount);
  });
});

describe('GET /api/v1/posture equals ground truth', () => {
  it('for the organisation: overall, the five domains, unmapped and open findings', async () => {
    const expected = truth.posture();
    expect(await posture()).toEqual(expected);
    expect(expected.overall.score).not.toBeNull();
    expect(expected.openFindings.HIGH + expected.openFindings.CRITICAL).toBeGreaterThan(0);
  });

  it('for each account, with its account x domain scores', async () => {
    for (const accountId of truth.accounts()) expect(await posture({ accountId }), accountId).toEqual(truth.posture({ accountId }));
  });

  it('for each region, organisation-wide and per account', async () => {
    for (const region of p.sim.org.regions) {
      expect(await posture({ region }), region).toEqual(truth.posture({ region }));
      for (const accountId of truth.accounts()) {
        expect(await posture({ accountId, region }), `${accountId} ${region}`).toEqual(truth.posture({ accountId, region }));
      }
    }
    // A region narrows: the regional pairs are more than the combined ones, and a pair FAILED in one region
    // only is FAILED combined.
    expect(truth.regional.length).toBeGreaterThan(truth.pairs.length);
  });

  it('for each source, organisation-wide and per account', async () => {
    for (const source of ['securityhub', 'config'] as const) {
      expect(await posture({ source }), source).toEqual(truth.posture({ source }));
      for (const accountId of truth.accounts()) {
        expect(await posture({ accountId, source }), `${accountId} ${source}`).toEqual(truth.posture({ accountId, source }));
      }
    }
  });
});

describe('GET /api/v1/accounts, /accounts/:id and /controls equal ground truth', () => {
  it('lists every account with its name, scores and open findings', async () => {
    const body = await api.get<AccountsBody>(`/api/v1/accounts?date=${day}`);
    const names = new Map(p.sim.org.accounts.map((a) => [a.id, a.name]));
    expect(body.items.map((i) => i.accountId).sort()).toEqual(truth.accounts());
    for (const item of body.items) {
      const t = truth.posture({ accountId: item.accountId });
      expect(item, item.accountId).toEqual({
        accountId: item.accountId,
        name: names.get(item.accountId),
        overall: t.overall,
        domains: scoresOnly(t),
        openFindings: t.openFindings,
      });
    }
  });

  it("shows each account's controls with their status and failed resources", async () => {
    for (const accountId of truth.accounts()) {
      const body = await api.get<AccountBody>(`/api/v1/accounts/${accountId}?date=${day}`);
      expect(postureOf(body), accountId).toEqual(truth.posture({ accountId }));
      const got = body.controls
        .map((c) => ({ controlId: c.controlId, domain: c.domain, status: c.status, failedResources: c.failedResources }))
        .sort((a, b) => (a.controlId < b.controlId ? -1 : 1));
      expect(got, accountId).toEqual(truth.controlsOf(accountId));
      // The day is the first recorded one: whatever fails, fails since then.
      for (const c of body.controls) expect(c.failingSince).toBe(c.status === 'FAILED' ? day : null);
    }
  });

  it('counts, for each control, the accounts in each status', async () => {
    const body = await api.get<ControlsBody>(`/api/v1/controls?date=${day}`);
    const got = body.items
      .map((c) => ({ controlId: c.controlId, domain: c.domain, passed: c.passed, failed: c.failed, unknown: c.unknown, noData: c.noData }))
      .sort((a, b) => (a.controlId < b.controlId ? -1 : 1));
    expect(got).toEqual(truth.controls());
  });
});

/**
 * The Security Hub console's security score of one account with one standard enabled, from its findings
 * alone: each control is Failed (a FAILED finding), Unknown (else a WARNING / NOT_AVAILABLE / other
 * finding), Passed (every finding PASSED) or No data (no finding counts: all archived or suppressed);
 * score = passed / (controls with data). SCORING.md mirrors this exactly: UNKNOWN stays in the
 * denominator and NO_DATA is left out, as the console leaves out "No data" controls; the findings of every
 * region count together, as in the console of the aggregation region.
 */
function consoleScore(findings: readonly Fact[]): { score: number | null; passed: number; failed: number; unknown: number; noData: number } {
  const byControl = new Map<string, Fact[]>();
  for (const f of findings) if (f.isControlCheck && f.controlId !== null) byControl.set(f.controlId, [...(byControl.get(f.controlId) ?? []), f]);
  let passed = 0;
  let failed = 0;
  let unknown = 0;
  let noData = 0;
  for (const list of byControl.values()) {
    const live = list.filter(counts);
    if (live.length === 0) noData++;
    else if (live.some((f) => f.compliance === 'FAILED')) failed++;
    else if (live.some((f) => f.compliance !== 'PASSED')) unknown++;
    else passed++;
  }
  const withData = passed + failed + unknown;
  return { score: withData === 0 ? null : round1(passed, withData), passed, failed, unknown, noData };
}

describe('GET /api/v1/posture?accountId&source=securityhub is the Security Hub console score', () => {
  it('for every account that runs one standard (consolidated FSBP controls)', async () => {
    const source: Source = 'securityhub';
    let compared = 0;
    for (const accountId of truth.accounts()) {
      const findings = truth.facts.filter((f) => f.accountId === accountId);
      // Accounts still on per-standard findings also run CIS 1.2.0: two standards, Pillar pools both.
      if (findings.some((f) => f.controlId?.includes('/'))) continue;
      const body = await posture({ accountId, source });
      expect(body.overall, accountId).toEqual(consoleScore(findings));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });
});

describe('what only generated data shows', () => {
  it('a SUPPRESSED failing finding does not make its pair fail', async () => {
    const suppressed = truth.facts.filter((f) => f.isControlCheck && f.record === 'ACTIVE' && f.workflow === 'SUPPRESSED' && f.compliance === 'FAILED');
    const pairs = [...new Set(suppressed.map((f) => `${f.accountId}|${f.controlId}`))]
      .map((k) => k.split('|') as [string, string])
      .filter(([a, c]) => truth.pair(a, c)?.status !== 'FAILED');
    expect(pairs.length).toBeGreaterThan(0);
    for (const [accountId, controlId] of pairs) {
      const body = await api.get<AccountBody>(`/api/v1/accounts/${accountId}?date=${day}`);
      const control = body.controls.find((c) => c.controlId === controlId);
      expect(control?.status, `${accountId} ${controlId}`).toBe(truth.pair(accountId, controlId)?.status);
      expect(control?.failedResources).toBe(0);
    }
  });

  it('a pair whose findings are all suppressed is NO_DATA, and a scope of NO_DATA pairs only scores null', async () => {
    const [nd] = p.sim.org.noDataPairs;
    if (nd === undefined) throw new Error('the simulator made no all-suppressed pair');
    const findings = truth.facts.filter((f) => f.accountId === nd.accountId && f.controlId === nd.controlId);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.workflow === 'SUPPRESSED' || f.record === 'ARCHIVED')).toBe(true);
    expect(truth.pair(nd.accountId, nd.controlId)?.status).toBe('NO_DATA');

    const body = await api.get<AccountBody>(`/api/v1/accounts/${nd.accountId}?date=${day}`);
    expect(body.controls.find((c) => c.controlId === nd.controlId)).toMatchObject({ status: 'NO_DATA', failedResources: 0, failingSince: null });
    const controls = await api.get<ControlsBody>(`/api/v1/controls?date=${day}&status=NO_DATA`);
    expect(controls.items.find((c) => c.controlId === nd.controlId)?.noData).toBeGreaterThanOrEqual(1);

    // The account's unmapped Security Hub controls are this pair alone: no data, score null, not 0.
    const scope = { accountId: nd.accountId, source: 'securityhub' as const };
    expect(truth.pairs.filter((x) => x.accountId === nd.accountId && x.source === 'securityhub' && x.domain === null).map((x) => x.controlId)).toEqual([nd.controlId]);
    const expected = { score: null, passed: 0, failed: 0, unknown: 0, noData: 1 };
    expect(truth.posture(scope).unmapped).toEqual(expected);
    expect((await posture(scope)).unmapped).toEqual(expected);
    for (const region of p.sim.org.regions) {
      const regional = truth.posture({ ...scope, region }).unmapped;
      expect((await posture({ ...scope, region })).unmapped, region).toEqual(regional);
      if (regional.noData > 0) expect(regional.score).toBeNull();
    }
  });

  it('WARNING and NOT_AVAILABLE make a pair UNKNOWN, counted in the denominator', async () => {
    const unknownPairs = truth.pairs.filter((x) => x.status === 'UNKNOWN');
    const statuses = new Set(
      truth.facts.filter((f) => counts(f) && unknownPairs.some((x) => x.accountId === f.accountId && x.controlId === f.controlId)).map((f) => f.compliance),
    );
    expect(statuses.has('WARNING') && statuses.has('NOT_AVAILABLE')).toBe(true);
    for (const accountId of new Set(unknownPairs.map((x) => x.accountId))) {
      const body = await api.get<AccountBody>(`/api/v1/accounts/${accountId}?date=${day}`);
      for (const x of unknownPairs.filter((u) => u.accountId === accountId)) {
        expect(body.controls.find((c) => c.controlId === x.controlId)?.status, `${accountId} ${x.controlId}`).toBe('UNKNOWN');
      }
      const t = truth.posture({ accountId }).overall;
      expect(body.overall).toEqual(t);
      expect(t.score).toBe(round1(t.passed, t.passed + t.failed + t.unknown));
    }
  });
});
