import { describe, expect, it } from 'vitest';
import { CONTROLS, SIM_DOMAINS } from './catalog.ts';
import { generateWorld } from './generate.ts';
import { viewState } from './state.ts';

const opts = { seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] };

describe('generateWorld', () => {
  it('gives the same organisation for the same seed', () => {
    const a = viewState(generateWorld(opts));
    const b = viewState(generateWorld(opts));
    expect(b.org).toEqual(a.org);
    expect(b.findingRecords()).toEqual(a.findingRecords());
    expect(b.configRules()).toEqual(a.configRules());
  });

  it('gives another organisation for another seed', () => {
    const a = generateWorld(opts);
    const b = generateWorld({ ...opts, seed: 12 });
    expect(b.org.accounts.map((x) => x.id)).not.toEqual(a.org.accounts.map((x) => x.id));
  });

  it('makes a management account and members with unique 12-digit ids and names', () => {
    const w = generateWorld(opts);
    const { accounts } = w.org;
    expect(accounts).toHaveLength(12);
    expect(accounts[0]?.isManagement).toBe(true);
    expect(accounts.filter((a) => a.isManagement)).toHaveLength(1);
    expect(new Set(accounts.map((a) => a.id)).size).toBe(12);
    expect(new Set(accounts.map((a) => a.name)).size).toBe(12);
    for (const a of accounts) expect(a.id).toMatch(/^\d{12}$/);
    expect(accounts.some((a) => /^(prod|dev|staging|sandbox)-/.test(a.name))).toBe(true);
    expect(w.org.managementAccountId).toBe(accounts[0]?.id);
  });

  it('covers all five security domains in every account with Security Hub', () => {
    const s = viewState(generateWorld(opts));
    const domainOf = new Map(CONTROLS.map((c) => [c.id, c.domain]));
    const byAccount = new Map<string, Set<string>>();
    for (const f of s.findingRecords()) {
      if (f.format !== 'consolidated' && f.format !== 'fsbp') continue;
      const d = domainOf.get(f.controlId ?? '');
      if (d) byAccount.set(f.accountId, (byAccount.get(f.accountId) ?? new Set()).add(d));
    }
    expect(byAccount.size).toBe(12);
    for (const domains of byAccount.values()) expect([...domains].sort()).toEqual([...SIM_DOMAINS].sort());
  });

  it('produces every kind of finding the product must handle', () => {
    const records = viewState(generateWorld(opts)).findingRecords();
    const has = (p: (r: (typeof records)[number]) => boolean): boolean => records.some(p);
    expect(has((r) => r.format === 'consolidated')).toBe(true);
    expect(has((r) => r.format === 'fsbp')).toBe(true);
    expect(has((r) => r.format === 'cis-1.2.0')).toBe(true);
    expect(has((r) => !r.hasRegionField)).toBe(true);
    expect(has((r) => r.workflowStatus === 'SUPPRESSED')).toBe(true);
    expect(has((r) => r.recordState === 'ARCHIVED')).toBe(true);
    expect(has((r) => r.product === 'guardduty' && r.complianceStatus === null)).toBe(true);
    expect(has((r) => r.product === 'inspector')).toBe(true);
    for (const status of ['PASSED', 'FAILED', 'WARNING', 'NOT_AVAILABLE']) expect(has((r) => r.complianceStatus === status)).toBe(true);
  });

  it('keeps 1 to 5 resources per control, account and region', () => {
    const counts = new Map<string, number>();
    for (const r of viewState(generateWorld(opts)).findingRecords()) {
      if (r.format !== 'consolidated') continue;
      const k = `${r.accountId}|${r.region}|${r.controlId}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const n of counts.values()) expect(n >= 1 && n <= 5).toBe(true);
  });

  it('has a pair whose findings are all suppressed (NO_DATA)', () => {
    const s = viewState(generateWorld(opts));
    const pair = s.org.noDataPairs[0];
    expect(pair).toBeDefined();
    const findings = s.findingRecords().filter((r) => r.accountId === pair?.accountId && r.controlId === pair.controlId);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.workflowStatus).toBe('SUPPRESSED');
  });

  it('leaves Security Hub disabled where the org says so, and nowhere else', () => {
    const w = generateWorld(opts);
    const s = viewState(w);
    expect(w.org.securityHubDisabled).toHaveLength(1);
    const off = w.org.securityHubDisabled[0];
    expect(s.findingRecords().some((r) => r.accountId === off?.accountId && r.region === off.region)).toBe(false);
  });

  it('generates Security Hub rules, conformance-pack rules, rules of its own and INSUFFICIENT_DATA rules', () => {
    const rules = viewState(generateWorld(opts)).configRules();
    expect(rules.some((r) => /^securityhub-.+-[0-9a-f]{8}$/.test(r.configRuleName) && r.createdBy === 'securityhub.amazonaws.com')).toBe(true);
    expect(rules.some((r) => /-conformance-pack-[0-9a-z]+$/.test(r.configRuleName))).toBe(true);
    expect(rules.some((r) => !r.configRuleName.startsWith('securityhub-') && r.createdBy === null)).toBe(true);
    expect(rules.some((r) => r.compliance === 'INSUFFICIENT_DATA')).toBe(true);
    expect(rules.some((r) => r.evaluations.some((e) => e.complianceType === 'NOT_APPLICABLE'))).toBe(true);
    for (const r of rules) expect(r.configRuleName.length).toBeLessThanOrEqual(64);
  });

  it('mirrors control findings in the securityhub- rule of the same control', () => {
    const w = generateWorld(opts);
    const s = viewState(w);
    const rule = s.configRules().find((r) => r.configRuleName.startsWith('securityhub-') && r.evaluations.length > 1);
    expect(rule).toBeDefined();
    const failing = rule?.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT').length ?? 0;
    expect(rule?.compliance).toBe(failing > 0 ? 'NON_COMPLIANT' : rule?.evaluations.some((e) => e.complianceType === 'COMPLIANT') ? 'COMPLIANT' : 'INSUFFICIENT_DATA');
  });

  it('generates a large organisation quickly', () => {
    const t0 = performance.now();
    const w = generateWorld({ seed: 3, accounts: 200, regions: ['us-east-1', 'eu-west-1', 'us-west-2'] });
    expect(w.store.size).toBeGreaterThan(50_000);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
