import type { ConfigRuleState, Simulator } from '@pillar/aws-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectItems, sourceFor, startSimulator } from '../test/sim.ts';
import { isSecurityHubManagedRule } from './config.ts';
import type { RuleCompliance, RuleEvaluation } from './config.ts';
import type { AwsSource } from './source.ts';

const key = (r: { accountId: string; region: string; ruleName: string }) => `${r.accountId}|${r.region}|${r.ruleName}`;
const byKey = <T extends { accountId: string; region: string; ruleName: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => key(a).localeCompare(key(b)));
const byResource = (items: RuleEvaluation[]): RuleEvaluation[] =>
  [...items].sort((a, b) => `${key(a)}|${a.resourceType}|${a.resourceId}`.localeCompare(`${key(b)}|${b.resourceType}|${b.resourceId}`));

function ownRules(sim: Simulator): ConfigRuleState[] {
  return sim
    .state()
    .configRules()
    .filter((r) => !isSecurityHubManagedRule(r.configRuleName));
}

function evaluationsOf(rule: ConfigRuleState, types: readonly string[]): RuleEvaluation[] {
  return rule.evaluations
    .filter((e) => types.includes(e.complianceType))
    .map((e) => ({
      ruleName: rule.configRuleName,
      accountId: rule.accountId,
      region: rule.region,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      compliance: e.complianceType as RuleEvaluation['compliance'],
      resultRecordedAt: e.resultRecordedTime,
    }));
}

describe('AWS Config against the simulator', () => {
  let sim: Simulator;
  let source: AwsSource;

  beforeAll(async () => {
    sim = await startSimulator();
    source = sourceFor(sim);
  });

  afterEach(() => {
    sim.clearFaults();
  });

  afterAll(async () => {
    source.close();
    await sim.close();
  });

  describe('through the organisation aggregator', () => {
    it('reads every rule x account x region compliance, Security Hub rules left out', async () => {
      const aggregator = sim.org.aggregator?.name as string;
      const items = await collectItems(source.aggregateCompliancePages(aggregator));
      const expected: RuleCompliance[] = ownRules(sim)
        .filter((r) => r.compliance !== 'INSUFFICIENT_DATA')
        .map((r) => ({ ruleName: r.configRuleName, accountId: r.accountId, region: r.region, compliance: r.compliance }));
      expect(expected.length).toBeGreaterThan(20);
      expect(byKey(items)).toEqual(byKey(expected));
      expect(items.some((i) => isSecurityHubManagedRule(i.ruleName))).toBe(false);
      expect(sim.state().configRules().some((r) => isSecurityHubManagedRule(r.configRuleName))).toBe(true);
    });

    it('reads the NON_COMPLIANT resources behind every failing rule, and only for failing rules', async () => {
      const aggregator = sim.org.aggregator?.name as string;
      const failing = (await collectItems(source.aggregateCompliancePages(aggregator))).filter((r) => r.compliance === 'NON_COMPLIANT');
      expect(failing.length).toBeGreaterThan(0);
      sim.resetCounters();
      const found: RuleEvaluation[] = [];
      for (const rule of failing) {
        found.push(...(await collectItems(source.aggregateDetailsPages({ aggregatorName: aggregator, ...rule }))));
      }
      const expected = ownRules(sim)
        .filter((r) => r.compliance === 'NON_COMPLIANT')
        .flatMap((r) => evaluationsOf(r, ['NON_COMPLIANT']));
      expect(byResource(found)).toEqual(byResource(expected));
      const calls = sim.counters({ includeLog: false }).byOperation['config:GetAggregateComplianceDetailsByConfigRule'];
      expect(calls?.requests).toBe(failing.length);
    });

    it('absorbs a 30% throttle storm', async () => {
      const aggregator = sim.org.aggregator?.name as string;
      const calm = await collectItems(source.aggregateCompliancePages(aggregator));
      sim.resetCounters();
      sim.setFaults({ throttleStorm: 0.3 });
      const rule = calm.find((r) => r.compliance === 'NON_COMPLIANT') as RuleCompliance;
      for (let i = 0; i < 6; i += 1) {
        expect(byKey(await collectItems(source.aggregateCompliancePages(aggregator)))).toEqual(byKey(calm));
        expect((await collectItems(source.aggregateDetailsPages({ aggregatorName: aggregator, ...rule }))).length).toBeGreaterThan(0);
      }
      expect(sim.counters({ includeLog: false }).throttled).toBeGreaterThan(0);
    });

    it('reports an account the caller may not read as access-denied for that account', async () => {
      const aggregator = sim.org.aggregator?.name as string;
      const rule = (await collectItems(source.aggregateCompliancePages(aggregator))).find(
        (r) => r.compliance === 'NON_COMPLIANT' && r.accountId !== sim.org.managementAccountId,
      ) as RuleCompliance;
      sim.setFaults({ accessDenied: [rule.accountId] });
      const error = await collectItems(source.aggregateDetailsPages({ aggregatorName: aggregator, ...rule })).catch((e: unknown) => e);
      expect(error).toMatchObject({
        kind: 'access-denied',
        operation: 'GetAggregateComplianceDetailsByConfigRule',
        accountId: rule.accountId,
        retryable: false,
      });
    });

    it('reports a missing aggregator as not-found', async () => {
      const error = await collectItems(source.aggregateCompliancePages('no-such-aggregator')).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'not-found', code: 'NoSuchConfigurationAggregatorException' });
    });
  });

  describe('without an aggregator, for the calling account', () => {
    const member = () => sim.org.accounts.find((a) => !a.isManagement)?.id as string;

    it.each([
      ['the management account', () => sim.org.managementAccountId],
      ['a member account', member],
    ])('reads the rules, their compliance and their resources of %s in every region', async (_label, account) => {
      const accountId = account();
      const caller = sourceFor(sim, { accessKeyId: `AKID${accountId}` });
      try {
        for (const region of sim.org.regions) {
          const truth = ownRules(sim).filter((r) => r.accountId === accountId && r.region === region);
          expect(truth.length).toBeGreaterThan(0);

          const rules = await caller.configRules(region);
          expect(rules.map((r) => [r.ruleName, r.sourceIdentifier, r.arn])).toEqual(
            truth.map((r) => [r.configRuleName, r.sourceIdentifier, r.configRuleArn]),
          );

          const compliance = await caller.complianceByRule(region);
          expect(byKey(compliance)).toEqual(
            byKey(truth.map((r) => ({ ruleName: r.configRuleName, accountId, region, compliance: r.compliance }))),
          );

          const details: RuleEvaluation[] = [];
          for (const rule of rules) details.push(...(await collectItems(caller.complianceDetails(region, rule.ruleName))));
          expect(byResource(details)).toEqual(byResource(truth.flatMap((r) => evaluationsOf(r, ['COMPLIANT', 'NON_COMPLIANT']))));
        }
      } finally {
        caller.close();
      }
    });
  });
});

describe('Organizations and STS against the simulator', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ accounts: 45 });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('lists every account of the organisation across pages', async () => {
    const source = sourceFor(sim);
    const accounts = await source.listAccounts();
    source.close();
    expect(accounts).toEqual(sim.org.accounts.map((a) => ({ id: a.id, name: a.name, status: 'ACTIVE' })));
    expect(sim.counters({ includeLog: false }).byOperation['organizations:ListAccounts']?.requests).toBe(3);
  });

  it('returns null for a member account, which may not list the organisation', async () => {
    const memberId = sim.org.accounts.find((a) => !a.isManagement)?.id as string;
    const source = sourceFor(sim, { accessKeyId: `AKID${memberId}` });
    expect(await source.listAccounts()).toBeNull();
    expect(await source.callerIdentity()).toMatchObject({ account: memberId });
    source.close();
  });

  it('names the calling account once per source', async () => {
    const source = sourceFor(sim);
    sim.resetCounters();
    const first = await source.callerIdentity();
    await source.callerIdentity();
    source.close();
    expect(first.account).toBe(sim.org.managementAccountId);
    expect(first.arn).toContain(sim.org.managementAccountId);
    expect(sim.counters({ includeLog: false }).byOperation['sts:GetCallerIdentity']?.requests).toBe(1);
  });
});
