import {
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetComplianceDetailsByConfigRuleCommand,
  paginateDescribeAggregateComplianceByConfigRules,
  paginateDescribeComplianceByConfigRule,
  paginateDescribeConfigRules,
  paginateGetAggregateComplianceDetailsByConfigRule,
  paginateGetComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import type { AggregateComplianceByConfigRule, ConfigRule } from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { createSimulator } from '../src/index.ts';
import { clients, raw } from './sdk.ts';

let sim: Simulator;
const AGG = 'org-agg';
beforeAll(async () => {
  sim = await createSimulator({ seed: 202, accounts: 8, regions: ['us-east-1', 'eu-west-1'], rateLimits: false, aggregator: { name: AGG } });
});
afterAll(async () => {
  await sim.close();
});

const memberKey = (n: number) => `AKIA${sim.org.accounts[n]!.id}`;

describe('Config in each account and region', () => {
  it('lists the rules of the calling account and region, paginated', async () => {
    const cfg = clients(sim, { region: 'eu-west-1', accessKeyId: memberKey(3) }).config;
    const rules: ConfigRule[] = [];
    for await (const p of paginateDescribeConfigRules({ client: cfg }, {})) rules.push(...(p.ConfigRules ?? []));
    const want = sim.state().configRules().filter((r) => r.accountId === sim.org.accounts[3]!.id && r.region === 'eu-west-1');
    expect(rules.map((r) => r.ConfigRuleName)).toEqual(want.map((r) => r.configRuleName));
    expect(rules.length).toBeGreaterThan(25);
    const sh = rules.find((r) => r.ConfigRuleName?.startsWith('securityhub-'));
    expect(sh).toMatchObject({ CreatedBy: 'securityhub.amazonaws.com', Source: { Owner: 'AWS' }, ConfigRuleState: 'ACTIVE' });
  });

  it('gives each rule the compliance of its evaluations', async () => {
    const cfg = clients(sim, { accessKeyId: memberKey(2) }).config;
    const got = new Map<string, string>();
    for await (const p of paginateDescribeComplianceByConfigRule({ client: cfg }, {})) {
      for (const c of p.ComplianceByConfigRules ?? []) got.set(c.ConfigRuleName ?? '', c.Compliance?.ComplianceType ?? '');
    }
    const want = sim.state().configRules().filter((r) => r.accountId === sim.org.accounts[2]!.id && r.region === 'us-east-1');
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want.map((r) => [r.configRuleName, r.compliance])));
    const failing = await cfg.send(new DescribeComplianceByConfigRuleCommand({ ComplianceTypes: ['NON_COMPLIANT'] }));
    expect(failing.ComplianceByConfigRules?.every((c) => c.Compliance?.ComplianceContributorCount?.CappedCount)).toBe(true);
  });

  it('returns the evaluations of a rule, timestamps as Dates', async () => {
    const cfg = clients(sim, { accessKeyId: memberKey(2) }).config;
    const rule = sim.state().configRules().find((r) => r.accountId === sim.org.accounts[2]!.id && r.region === 'us-east-1' && r.evaluations.length >= 3)!;
    const results = [];
    for await (const p of paginateGetComplianceDetailsByConfigRule({ client: cfg, pageSize: 2 }, { ConfigRuleName: rule.configRuleName, Limit: 2 })) {
      results.push(...(p.EvaluationResults ?? []));
    }
    expect(results.map((e) => e.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId).sort()).toEqual(rule.evaluations.map((e) => e.resourceId).sort());
    expect(results[0]?.ResultRecordedTime).toBeInstanceOf(Date);
    const na = await cfg.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule.configRuleName, ComplianceTypes: ['NOT_APPLICABLE'] }));
    expect(na.EvaluationResults?.length).toBe(rule.evaluations.filter((e) => e.complianceType === 'NOT_APPLICABLE').length);
  });

  it('answers NoSuchConfigRuleException, InvalidParameterValueException and InvalidNextTokenException', async () => {
    const cfg = clients(sim).config;
    await expect(cfg.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'no-such-rule' }))).rejects.toMatchObject({ name: 'NoSuchConfigRuleException' });
    await expect(cfg.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['no-such-rule'] }))).rejects.toMatchObject({ name: 'NoSuchConfigRuleException' });
    const rule = sim.state().configRules().find((r) => r.accountId === sim.org.managementAccountId && r.region === 'us-east-1')!;
    await expect(cfg.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule.configRuleName, Limit: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await expect(cfg.send(new DescribeConfigRulesCommand({ NextToken: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
  });

  it('sends the awsJson1_1 error shape (__type, message)', async () => {
    const res = await raw(sim, 'config', {
      headers: { 'x-amz-target': 'StarlingDoveService.GetComplianceDetailsByConfigRule', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ ConfigRuleName: 'nope' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(res.text)).toEqual({ __type: 'NoSuchConfigRuleException', message: expect.stringContaining('nope') as string });
  });
});

describe('Config through the organisation aggregator', () => {
  it('returns every rule x account x region with compliance results, and leaves out INSUFFICIENT_DATA', async () => {
    const cfg = clients(sim).config;
    const rows: AggregateComplianceByConfigRule[] = [];
    for await (const p of paginateDescribeAggregateComplianceByConfigRules({ client: cfg, pageSize: 100 }, { ConfigurationAggregatorName: AGG, Limit: 100 })) {
      rows.push(...(p.AggregateComplianceByConfigRules ?? []));
    }
    const want = sim
      .state()
      .configRules()
      .filter((r) => r.compliance !== 'INSUFFICIENT_DATA');
    const key = (a: string, r: string, n: string, c: string) => `${a}|${r}|${n}|${c}`;
    expect(rows.map((x) => key(x.AccountId ?? '', x.AwsRegion ?? '', x.ConfigRuleName ?? '', x.Compliance?.ComplianceType ?? '')).sort()).toEqual(
      want.map((r) => key(r.accountId, r.region, r.configRuleName, r.compliance)).sort(),
    );
    expect(new Set(rows.map((x) => x.AccountId)).size).toBe(sim.org.accounts.length);
  });

  it('filters by account, region, rule and compliance', async () => {
    const cfg = clients(sim).config;
    const acct = sim.org.accounts[5]!.id;
    const res = await cfg.send(
      new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: AGG, Filters: { AccountId: acct, AwsRegion: 'eu-west-1', ComplianceType: 'NON_COMPLIANT' } }),
    );
    const want = sim.state().configRules().filter((r) => r.accountId === acct && r.region === 'eu-west-1' && r.compliance === 'NON_COMPLIANT');
    expect(res.AggregateComplianceByConfigRules?.map((x) => x.ConfigRuleName).sort()).toEqual(want.map((r) => r.configRuleName).sort());
  });

  it('returns a rule evaluations in one account and region', async () => {
    const cfg = clients(sim).config;
    const rule = sim.state().configRules().find((r) => r.compliance === 'NON_COMPLIANT' && r.accountId !== sim.org.managementAccountId)!;
    const results = [];
    for await (const p of paginateGetAggregateComplianceDetailsByConfigRule(
      { client: cfg },
      { ConfigurationAggregatorName: AGG, ConfigRuleName: rule.configRuleName, AccountId: rule.accountId, AwsRegion: rule.region, ComplianceType: 'NON_COMPLIANT' },
    )) {
      results.push(...(p.AggregateEvaluationResults ?? []));
    }
    expect(results.length).toBe(rule.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT').length);
    expect(results.every((r) => r.AccountId === rule.accountId && r.AwsRegion === rule.region)).toBe(true);
  });

  it('answers NoSuchConfigurationAggregatorException for another name, account or region, and InvalidLimitException', async () => {
    await expect(clients(sim).config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: 'other' }))).rejects.toMatchObject({
      name: 'NoSuchConfigurationAggregatorException',
    });
    await expect(
      clients(sim, { region: 'eu-west-1' }).config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: AGG })),
    ).rejects.toMatchObject({ name: 'NoSuchConfigurationAggregatorException' });
    await expect(
      clients(sim, { accessKeyId: memberKey(1) }).config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: AGG })),
    ).rejects.toMatchObject({ name: 'NoSuchConfigurationAggregatorException' });
    await expect(clients(sim).config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: AGG, Limit: 1001 }))).rejects.toMatchObject({
      name: 'InvalidLimitException',
    });
    await expect(
      clients(sim).config.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({ ConfigurationAggregatorName: AGG, ConfigRuleName: 'x', AccountId: sim.org.managementAccountId, AwsRegion: 'us-east-1', Limit: 101 }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidLimitException' });
  });
});
