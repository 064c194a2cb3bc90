// Domain overrides through real syncs (SCORING.md "Domains"): a Config-rule control takes the domain of the catalog
// control whose configRule is its rule name, so an admin override of that catalog control (a domain, or an
// explicit unmapping) carries over to it from the next recorded day, unless the Config-rule control has its own
// override; days already recorded keep the domain they were recorded with. The account page shows each control with
// the domain that its day was recorded with, the same as the organisation's controls view and the account's own
// domain scores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDomainOverride } from '@pillar/testkit';
import { startPipeline, type Pipeline } from '../../../worker/test/harness.ts';
import { DOMAINS, type Domain, type Status } from './ground-truth.ts';
import { truthApp, type AccountBody, type AccountsBody, type ControlsBody, type TruthApp } from './setup.ts';

const D1 = '2025-06-01';
const D2 = '2025-06-02';
const D3 = '2025-06-03';

/** A Config-rule control with pairs, the catalog control it takes its domain from, and its default domain. */
type RuleControl = { id: string; parent: string; domain: Domain };
type Override = { controlId: string; domain: Domain | null; effectiveFrom: string };

let p: Pipeline;
let api: TruthApp;
let rules: RuleControl[];
/** The catalog controls whose override the test sets, and the Config-rule control with its own override. */
let unmapped: string;
let moved: string;
let shadowed: string;
let own: RuleControl;
let later: string;
const overrides: Override[] = [];

async function record(day: string): Promise<void> {
  if (day !== p.sim.clock.day) p.sim.advanceDay({ improve: ['iam'], regress: ['infrastructure'] });
  expect(p.sim.clock.day).toBe(day);
  const run = await p.sync({ asOf: day });
  expect(run.status, day).toBe('succeeded');
}

beforeAll(async () => {
  p = await startPipeline({ seed: 11, accounts: 6, startDay: D1 });
  api = await truthApp(p.db);
  await record(D1);
  // The simulator's Config rules are managed rules (some from conformance packs) of catalog controls.
  rules = await p.db.prisma.$queryRaw<RuleControl[]>`
    SELECT c.id, min(k.id) AS parent, c.domain FROM control c
    JOIN control k ON k.source = 'securityhub' AND k.in_catalog
      AND k.config_rule = regexp_replace(c.config_rule, '-conformance-pack-[A-Za-z0-9]+$', '')
    WHERE c.source = 'config' AND c.domain IS NOT NULL AND EXISTS (SELECT 1 FROM pair_state s WHERE s.control_id = c.id)
    GROUP BY c.id, c.domain HAVING count(*) = 1
    ORDER BY c.id`;
  const parents = [...new Set(rules.map((r) => r.parent))].sort();
  expect(parents.length, JSON.stringify(rules)).toBeGreaterThanOrEqual(4);
  [unmapped, moved, shadowed, later] = parents as [string, string, string, string];
  own = rules.find((r) => r.parent === shadowed) as RuleControl;
  const other = (d: Domain): Domain => (d === 'detective' ? 'iam' : 'detective');
  const domainOf = (parent: string) => (rules.find((r) => r.parent === parent) as RuleControl).domain;
  overrides.push(
    { controlId: unmapped, domain: null, effectiveFrom: D2 },
    { controlId: moved, domain: other(domainOf(moved)), effectiveFrom: D2 },
    { controlId: shadowed, domain: null, effectiveFrom: D2 },
    { controlId: own.id, domain: own.domain === 'iam' ? 'data-protection' : 'iam', effectiveFrom: D2 },
    { controlId: later, domain: other(domainOf(later)), effectiveFrom: D3 },
  );
  for (const o of overrides) await insertDomainOverride(p.db.prisma, o);
  await record(D2);
}, 300_000);

afterAll(async () => {
  await api?.close();
  await p?.close();
});

/** SCORING.md: the Config-rule control's own override, else its catalog control's, else the default. */
function expectedDomain(r: RuleControl, day: string): Domain | null {
  const inForce = (id: string) => overrides.filter((o) => o.controlId === id && o.effectiveFrom <= day).at(-1);
  const o = inForce(r.id) ?? inForce(r.parent);
  return o === undefined ? r.domain : o.domain;
}

const controlsOn = async (day: string) => {
  const body = await api.get<ControlsBody>(`/api/v1/controls?date=${day}`);
  return new Map(body.items.map((i) => [i.controlId, i.domain]));
};

const FIELD: Record<Status, 'passed' | 'failed' | 'unknown' | 'noData'> = { PASSED: 'passed', FAILED: 'failed', UNKNOWN: 'unknown', NO_DATA: 'noData' };

/**
 * Every account page of the day: each control with the domain the organisation's controls view shows for the day,
 * and the controls listed under each domain (and unmapped) add up to the account's domain scores.
 */
async function expectAccountPages(day: string, org: Map<string, Domain | null>): Promise<void> {
  const accounts = await p.db.prisma.$queryRaw<{ id: string }[]>`SELECT id FROM account ORDER BY id`;
  for (const { id } of accounts) {
    const body = await api.get<AccountBody>(`/api/v1/accounts/${id}?date=${day}`);
    const counts = new Map<Domain | null, { passed: number; failed: number; unknown: number; noData: number }>();
    for (const c of body.controls) {
      expect(c.domain, `${id} ${c.controlId} on ${day}`).toBe(org.get(c.controlId));
      const n = counts.get(c.domain) ?? { passed: 0, failed: 0, unknown: 0, noData: 0 };
      n[FIELD[c.status]]++;
      counts.set(c.domain, n);
    }
    const zero = { passed: 0, failed: 0, unknown: 0, noData: 0 };
    const scoreCounts = (s: { passed: number; failed: number; unknown: number; noData: number }) => ({ passed: s.passed, failed: s.failed, unknown: s.unknown, noData: s.noData });
    for (const d of DOMAINS) {
      expect(scoreCounts(body.domains.find((x) => x.key === d.key) as AccountBody['domains'][number]), `${id} ${d.key} on ${day}`).toEqual(counts.get(d.key) ?? zero);
    }
    expect(scoreCounts(body.unmapped), `${id} unmapped on ${day}`).toEqual(counts.get(null) ?? zero);
  }
}

describe('an override of the catalog control a Config-rule control takes its domain from', () => {
  let d1: Map<string, Domain | null>;
  let d2: Map<string, Domain | null>;

  beforeAll(async () => {
    [d1, d2] = [await controlsOn(D1), await controlsOn(D2)];
  });

  it('covers rules of every kind: unmapped, moved, shadowed by their own override, changed later', () => {
    for (const parent of [unmapped, moved, shadowed, later]) expect(rules.some((r) => r.parent === parent)).toBe(true);
    expect(rules.filter((r) => r.parent === unmapped).every((r) => r.domain !== null)).toBe(true);
  });

  it('carries over from the next recorded day, explicit unmapping included, unless the rule has its own', () => {
    for (const r of rules) {
      expect(d1.get(r.id), `${r.id} on ${D1}`).toBe(r.domain);
      expect(d2.get(r.id), `${r.id} (${r.parent}) on ${D2}`).toBe(expectedDomain(r, D2));
    }
    const unmappedRules = rules.filter((r) => r.parent === unmapped);
    expect(unmappedRules.map((r) => d2.get(r.id))).toEqual(unmappedRules.map(() => null));
    expect(d2.get(own.id)).toBe(overrides[3]?.domain);
    for (const r of rules.filter((x) => x.parent === later)) expect(d2.get(r.id)).toBe(r.domain);
  });

  it('is what the account pages show, adding up to their domain scores', async () => {
    await expectAccountPages(D1, d1);
    await expectAccountPages(D2, d2);
  });

  it('shows a later override from the day it is recorded on, never rewriting the days before', async () => {
    const before = { d1: await api.get<AccountsBody>(`/api/v1/accounts?date=${D1}`), d2: await api.get<AccountsBody>(`/api/v1/accounts?date=${D2}`) };
    // D3 not recorded yet: it carries D2 forward, domains included.
    expect(await controlsOn(D3)).toEqual(d2);
    await expectAccountPages(D3, d2);

    await record(D3);
    const d3 = await controlsOn(D3);
    for (const r of rules) expect(d3.get(r.id), `${r.id} (${r.parent}) on ${D3}`).toBe(expectedDomain(r, D3));
    expect(rules.filter((r) => r.parent === later).some((r) => d3.get(r.id) !== r.domain)).toBe(true);
    await expectAccountPages(D3, d3);
    expect(await controlsOn(D1)).toEqual(d1);
    expect(await controlsOn(D2)).toEqual(d2);
    await expectAccountPages(D2, d2);
    expect(await api.get<AccountsBody>(`/api/v1/accounts?date=${D1}`)).toEqual(before.d1);
    expect(await api.get<AccountsBody>(`/api/v1/accounts?date=${D2}`)).toEqual(before.d2);
  });
});
