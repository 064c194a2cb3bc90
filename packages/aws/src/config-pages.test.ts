import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { describe, expect, it } from 'vitest';
import { scriptedHttp, testCredentials } from '../test/scripted-http.ts';
import type { RecordedRequest, ScriptedResponse } from '../test/scripted-http.ts';
import { complianceByRule, complianceDetails, configRules } from './config-account.ts';
import { aggregateCompliancePages, aggregateDetailsPages } from './config.ts';

function client(answer: (request: RecordedRequest, index: number) => ScriptedResponse) {
  const http = scriptedHttp(answer);
  const sdk = new ConfigServiceClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: testCredentials,
    maxAttempts: 1,
    requestHandler: http,
  });
  return { http, sdk };
}

async function all<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const target = (r: RecordedRequest) => r.headers['x-amz-target'];
const rule = (name: string, accountId: string, region: string, type?: string) => ({
  ConfigRuleName: name,
  AccountId: accountId,
  AwsRegion: region,
  ...(type ? { Compliance: { ComplianceType: type } } : {}),
});

describe('aggregateCompliancePages', () => {
  it('pages through the aggregator 1000 at a time and leaves Security Hub rules out', async () => {
    const { http, sdk } = client((_r, i) =>
      i === 0
        ? {
            status: 200,
            body: {
              AggregateComplianceByConfigRules: [
                rule('required-tags', '111111111111', 'eu-west-1', 'NON_COMPLIANT'),
                rule('securityhub-iam-1-abc', '111111111111', 'eu-west-1', 'COMPLIANT'),
              ],
              NextToken: 'p2',
            },
          }
        : { status: 200, body: { AggregateComplianceByConfigRules: [rule('required-tags', '222222222222', 'us-east-1')] } },
    );
    const pages = await all(aggregateCompliancePages({ client: sdk, region: 'us-east-1', aggregatorName: 'org' }));
    expect(pages).toEqual([
      [{ ruleName: 'required-tags', accountId: '111111111111', region: 'eu-west-1', compliance: 'NON_COMPLIANT' }],
      [{ ruleName: 'required-tags', accountId: '222222222222', region: 'us-east-1', compliance: 'INSUFFICIENT_DATA' }],
    ]);
    expect(target(http.requests[0] as RecordedRequest)).toBe('StarlingDoveService.DescribeAggregateComplianceByConfigRules');
    expect(http.requests[0]?.body).toEqual({ ConfigurationAggregatorName: 'org', Limit: 1000 });
    expect(http.requests[1]?.body).toEqual({ ConfigurationAggregatorName: 'org', Limit: 1000, NextToken: 'p2' });
  });

  it('fails loudly when AWS keeps returning tokens past the page cap', async () => {
    const { http, sdk } = client((_r, i) => ({ status: 200, body: { AggregateComplianceByConfigRules: [], NextToken: `t${i}` } }));
    const error = await all(aggregateCompliancePages({ client: sdk, region: 'us-east-1', aggregatorName: 'org', maxPages: 3 })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'unknown', code: 'PageCapReached' });
    expect(http.requests).toHaveLength(3);
  });

  it('reports a missing aggregator as not-found', async () => {
    const { sdk } = client(() => ({
      status: 400,
      body: { __type: 'NoSuchConfigurationAggregatorException', message: 'The configuration aggregator does not exist' },
    }));
    const error = await all(aggregateCompliancePages({ client: sdk, region: 'us-east-1', aggregatorName: 'nope' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-found', operation: 'DescribeAggregateComplianceByConfigRules', retryable: false });
  });
});

describe('aggregateDetailsPages', () => {
  it('asks for the NON_COMPLIANT resources of one rule, account and region, with ISO times', async () => {
    const { http, sdk } = client(() => ({
      status: 200,
      body: {
        AggregateEvaluationResults: [
          {
            EvaluationResultIdentifier: {
              EvaluationResultQualifier: { ConfigRuleName: 'required-tags', ResourceType: 'AWS::S3::Bucket', ResourceId: 'logs' },
              OrderingTimestamp: 1741564800,
            },
            ComplianceType: 'NON_COMPLIANT',
            ResultRecordedTime: 1741568400.5,
            AccountId: '111111111111',
            AwsRegion: 'eu-west-1',
          },
        ],
      },
    }));
    const pages = await all(
      aggregateDetailsPages({
        client: sdk,
        region: 'us-east-1',
        aggregatorName: 'org',
        ruleName: 'required-tags',
        accountId: '111111111111',
        ruleRegion: 'eu-west-1',
      }),
    );
    expect(http.requests[0]?.body).toEqual({
      ConfigurationAggregatorName: 'org',
      ConfigRuleName: 'required-tags',
      AccountId: '111111111111',
      AwsRegion: 'eu-west-1',
      ComplianceType: 'NON_COMPLIANT',
      Limit: 100,
    });
    expect(pages).toEqual([
      [
        {
          ruleName: 'required-tags',
          accountId: '111111111111',
          region: 'eu-west-1',
          resourceType: 'AWS::S3::Bucket',
          resourceId: 'logs',
          compliance: 'NON_COMPLIANT',
          resultRecordedAt: '2025-03-10T01:00:00.500Z',
        },
      ],
    ]);
  });

  it('makes no call for a Security Hub rule', async () => {
    const { http, sdk } = client(() => ({ status: 500, body: {} }));
    const input = { client: sdk, region: 'us-east-1', aggregatorName: 'org', accountId: '1', ruleRegion: 'eu-west-1' };
    expect(await all(aggregateDetailsPages({ ...input, ruleName: 'securityhub-x' }))).toEqual([]);
    expect(http.requests).toHaveLength(0);
  });
});

describe('without an aggregator', () => {
  const input = (sdk: ConfigServiceClient) => ({ client: sdk, region: 'eu-west-1', accountId: '111111111111' });

  it('lists the rules with their managed source, Security Hub rules left out', async () => {
    const { sdk } = client(() => ({
      status: 200,
      body: {
        ConfigRules: [
          { ConfigRuleName: 's3-versioning', ConfigRuleArn: 'arn:r', ConfigRuleState: 'ACTIVE', Source: { Owner: 'AWS', SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED' } },
          { ConfigRuleName: 'securityhub-s3-1', Source: { Owner: 'AWS', SourceIdentifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS' } },
          { ConfigRuleName: 'custom', Source: { Owner: 'CUSTOM_LAMBDA' } },
        ],
      },
    }));
    expect(await configRules(input(sdk))).toEqual([
      { ruleName: 's3-versioning', arn: 'arn:r', owner: 'AWS', sourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED', state: 'ACTIVE' },
      { ruleName: 'custom', owner: 'CUSTOM_LAMBDA' },
    ]);
  });

  it('reads each rule compliance for the calling account and region', async () => {
    const { http, sdk } = client(() => ({
      status: 200,
      body: {
        ComplianceByConfigRules: [
          { ConfigRuleName: 's3-versioning', Compliance: { ComplianceType: 'COMPLIANT' } },
          { ConfigRuleName: 'securityhub-s3-1', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
        ],
      },
    }));
    expect(await complianceByRule(input(sdk))).toEqual([
      { ruleName: 's3-versioning', accountId: '111111111111', region: 'eu-west-1', compliance: 'COMPLIANT' },
    ]);
    expect(target(http.requests[0] as RecordedRequest)).toBe('StarlingDoveService.DescribeComplianceByConfigRule');
  });

  it('reads COMPLIANT and NON_COMPLIANT resources of a rule, 100 a page', async () => {
    const { http, sdk } = client(() => ({
      status: 200,
      body: {
        EvaluationResults: [
          {
            EvaluationResultIdentifier: {
              EvaluationResultQualifier: { ConfigRuleName: 's3-versioning', ResourceType: 'AWS::S3::Bucket', ResourceId: 'b' },
            },
            ComplianceType: 'COMPLIANT',
            ResultRecordedTime: 1741568400,
          },
        ],
      },
    }));
    const pages = await all(complianceDetails({ ...input(sdk), ruleName: 's3-versioning' }));
    expect(http.requests[0]?.body).toEqual({ ConfigRuleName: 's3-versioning', ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'], Limit: 100 });
    expect(pages).toEqual([
      [
        {
          ruleName: 's3-versioning',
          accountId: '111111111111',
          region: 'eu-west-1',
          resourceType: 'AWS::S3::Bucket',
          resourceId: 'b',
          compliance: 'COMPLIANT',
          resultRecordedAt: '2025-03-10T01:00:00.000Z',
        },
      ],
    ]);
  });
});
