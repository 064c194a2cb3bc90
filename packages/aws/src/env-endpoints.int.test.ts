import type { Simulator } from '@pillar/aws-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MANAGEMENT_KEY, startSimulator } from '../test/sim.ts';
import { createAwsSource } from './source.ts';

const VARIABLES = ['AWS_ENDPOINT_URL_SECURITYHUB', 'AWS_ENDPOINT_URL_CONFIG_SERVICE', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_ORGANIZATIONS'];
const saved = new Map<string, string | undefined>();
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
  for (const name of VARIABLES) {
    saved.set(name, process.env[name]);
    process.env[name] = sim.url;
  }
});

afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await sim.close();
});

it('reaches every service through the AWS_ENDPOINT_URL_* variables when no endpoint is given', async () => {
  const source = createAwsSource({ homeRegion: 'us-east-1', credentials: { accessKeyId: MANAGEMENT_KEY, secretAccessKey: 'x' } });
  try {
    expect((await source.callerIdentity()).account).toBe(sim.org.managementAccountId);
    expect(await source.listAccounts()).toHaveLength(sim.org.accounts.length);
    expect((await source.complianceByRule('eu-west-1')).length).toBeGreaterThan(0);
    const first = await source.findingPages({ region: 'eu-west-1', mode: { kind: 'initial' }, maxPages: 1 }).next();
    expect(first.value?.findings).toHaveLength(100);
  } finally {
    source.close();
  }
  const ops = sim.counters({ includeLog: false }).byOperation;
  expect(Object.keys(ops).sort()).toEqual([
    'config:DescribeComplianceByConfigRule',
    'organizations:ListAccounts',
    'securityhub:GetFindings',
    'sts:GetCallerIdentity',
  ]);
});
