import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  comparePolicy,
  deriveOperations,
  grantedActions,
  parseJsonYaml,
  statementsOf,
  withDefaultBranches,
} from './policy-actions.ts';
import type { PolicyDocument, SourceFile } from './policy-actions.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const DEPLOY = fileURLToPath(new URL('../../../deploy/aws/', import.meta.url));

function packageSources(): SourceFile[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'))
    .sort()
    .map((path) => ({ path, text: readFileSync(join(SRC, path), 'utf8') }));
}

const policy = JSON.parse(readFileSync(join(DEPLOY, 'pillar-readonly-policy.json'), 'utf8')) as PolicyDocument;

interface RoleTemplate {
  Parameters: Record<string, { NoEcho?: boolean; Default?: string }>;
  Resources: {
    PillarRole: {
      Type: string;
      Properties: {
        MaxSessionDuration: number;
        AssumeRolePolicyDocument: PolicyDocument;
        Policies: { PolicyName: string; PolicyDocument: PolicyDocument }[];
      };
    };
  };
  Outputs: { RoleArn: { Value: unknown } };
}

const template = parseJsonYaml(readFileSync(join(DEPLOY, 'pillar-role.yaml'), 'utf8')) as RoleTemplate;
const role = template.Resources.PillarRole;
const inlinePolicy = role.Properties.Policies[0]?.PolicyDocument ?? {};

const withDescribeHub: SourceFile = {
  path: 'hub.ts',
  text: [
    "import { DescribeHubCommand } from '@aws-sdk/client-securityhub';",
    "import type { SecurityHubClient } from '@aws-sdk/client-securityhub';",
    'export const hub = (client: SecurityHubClient) => client.send(new DescribeHubCommand({}));',
  ].join('\n'),
};

describe('the AWS operations Pillar calls', () => {
  it('are all attributed to an operation, with nothing left unexplained', () => {
    const { operations, problems } = deriveOperations(packageSources());
    expect(problems).toEqual([]);
    expect(operations.length).toBeGreaterThan(0);
  });

  it('are exactly what pillar-readonly-policy.json grants, no more, no less', () => {
    const { operations } = deriveOperations(packageSources());
    expect(comparePolicy(operations, grantedActions(policy))).toEqual({ missing: [], extra: [] });
  });
});

describe('pillar-readonly-policy.json', () => {
  it('only allows, by explicit action names without wildcards', () => {
    for (const statement of statementsOf(policy)) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotAction).toBeUndefined();
      for (const action of [statement.Action ?? []].flat()) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    }
  });
});

describe('pillar-role.yaml', () => {
  it('carries the JSON policy inline, statement for statement, when no aggregator ARN is given', () => {
    expect(withDefaultBranches(inlinePolicy)).toEqual(policy);
  });

  it('grants the same actions when scoped to one aggregator', () => {
    expect(grantedActions(inlinePolicy)).toEqual(grantedActions(policy));
    const aggregator = statementsOf(inlinePolicy).find((s) => s.Sid === 'ConfigAggregator');
    expect(aggregator?.Resource).toEqual({
      'Fn::If': ['OneAggregator', { Ref: 'ConfigAggregatorArn' }, 'arn:*:config:*:*:config-aggregator/*'],
    });
  });

  it('lets only the trusted principal in, with the external id, for at most an hour', () => {
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(template.Parameters.ExternalId).toMatchObject({ NoEcho: true });
    expect(template.Parameters.ExternalId?.Default).toBeUndefined();
    expect(template.Parameters.TrustedPrincipalArn?.Default).toBeUndefined();
    expect(statementsOf(role.Properties.AssumeRolePolicyDocument)).toEqual([
      {
        Sid: 'PillarWithExternalId',
        Effect: 'Allow',
        Principal: { AWS: { Ref: 'TrustedPrincipalArn' } },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
      },
    ]);
    expect(template.Outputs.RoleArn.Value).toEqual({ 'Fn::GetAtt': ['PillarRole', 'Arn'] });
  });
});

// Each case measures the effect of one change against the real sources and the real policy, so that it keeps
// proving the check can fail even while the real code and policy disagree for another reason.
describe('the policy check', () => {
  const union = (list: readonly string[], item: string) => [...new Set([...list, item])].sort();
  const sources = packageSources();
  const baseline = comparePolicy(deriveOperations(sources).operations, grantedActions(policy));

  it('reports an operation added to the code without the policy as missing', () => {
    const { operations, problems } = deriveOperations([...sources, withDescribeHub]);
    expect(problems).toEqual([]);
    expect(comparePolicy(operations, grantedActions(policy))).toEqual({
      missing: union(baseline.missing, 'securityhub:DescribeHub'),
      extra: baseline.extra,
    });
  });

  it('reports a granted action that no code uses as extra', () => {
    const wider: PolicyDocument = {
      Statement: [...statementsOf(policy), { Effect: 'Allow', Action: ['config:DescribeConfigurationRecorders'], Resource: '*' }],
    };
    expect(comparePolicy(deriveOperations(sources).operations, grantedActions(wider))).toEqual({
      missing: baseline.missing,
      extra: union(baseline.extra, 'config:DescribeConfigurationRecorders'),
    });
  });

  it('leaves GetCallerIdentity out of the policy, and reports it as extra when granted', () => {
    const sts: SourceFile = { path: 'sts.ts', text: "import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';" };
    const { operations } = deriveOperations([sts]);
    expect(operations).toEqual(['sts:GetCallerIdentity']);
    expect(comparePolicy(operations, [])).toEqual({ missing: [], extra: [] });
    expect(comparePolicy(operations, ['sts:GetCallerIdentity'])).toEqual({ missing: [], extra: ['sts:GetCallerIdentity'] });
  });

  it('counts paginators, aliased and namespace imports, and ignores type-only imports', () => {
    const source: SourceFile = {
      path: 'styles.ts',
      text: [
        "import { paginateListAccounts, ListRootsCommand as Roots } from '@aws-sdk/client-organizations';",
        "import type { GetFindingsCommand } from '@aws-sdk/client-securityhub';",
        "import { type DescribeConfigRulesCommand, SelectResourceConfigCommand } from '@aws-sdk/client-config-service';",
        "import * as hub from '@aws-sdk/client-securityhub';",
        'new Roots({}); new hub.DescribeHubCommand({}); hub.paginateGetInsights;',
      ].join('\n'),
    };
    expect(deriveOperations([source])).toEqual({
      operations: [
        'config:SelectResourceConfig',
        'organizations:ListAccounts',
        'organizations:ListRoots',
        'securityhub:DescribeHub',
        'securityhub:GetInsights',
      ],
      problems: [],
    });
  });

  it('refuses calls it cannot attribute instead of skipping them', () => {
    const source: SourceFile = {
      path: 'odd.ts',
      text: [
        "import { SecurityHub } from '@aws-sdk/client-securityhub';",
        "import { ListBucketsCommand } from '@aws-sdk/client-s3';",
        "export { GetFindingsCommand } from '@aws-sdk/client-securityhub';",
        "const later = () => import('@aws-sdk/client-guardduty');",
        'new DescribeStandardsCommand({});',
      ].join('\n'),
    };
    const { problems } = deriveOperations([source]);
    expect(problems).toEqual([
      'odd.ts: 2 reference(s) to an AWS SDK client package not in a plain import',
      'odd.ts: the aggregated client SecurityHub issues calls by method name; use commands',
      'odd.ts: imports @aws-sdk/client-s3, which has no IAM prefix in IAM_PREFIX_BY_PACKAGE',
      'odd.ts: loads an AWS SDK package dynamically',
      'odd.ts: new DescribeStandardsCommand( is not imported from an AWS SDK client package',
    ]);
  });
});
