import {
  paginateDescribeAggregateComplianceByConfigRules,
  paginateGetAggregateComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import type { ConfigServiceClient, EvaluationResultIdentifier } from '@aws-sdk/client-config-service';
import { collectorPages } from './paging.ts';

// AWS Config compliance, org-wide through an aggregator. Results are plain objects with ISO timestamps
// (the SDK turns Config's epoch seconds into Dates).

export type ConfigCompliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA' | 'NOT_APPLICABLE';

export interface RuleCompliance {
  ruleName: string;
  accountId: string;
  region: string;
  compliance: ConfigCompliance;
}

export interface RuleEvaluation {
  ruleName: string;
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  compliance: ConfigCompliance;
  /** When Config recorded the result (ISO); null when AWS gave no time. */
  resultRecordedAt: string | null;
  annotation?: string;
}

/** Published maxima: 1000 rule results, 100 evaluations a page. */
export const AGGREGATE_COMPLIANCE_PAGE_SIZE = 1000;
export const COMPLIANCE_DETAILS_PAGE_SIZE = 100;

/**
 * Rules that Security Hub creates for its own controls. Their results already arrive as Security Hub control
 * findings, so counting them as Config rules would count them twice (SCORING.md).
 */
export function isSecurityHubManagedRule(ruleName: string): boolean {
  return ruleName.startsWith('securityhub-');
}

const COMPLIANCE_VALUES: ReadonlySet<string> = new Set(['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA', 'NOT_APPLICABLE']);

/** A missing or unexpected value means Config has no usable result yet. */
export function toCompliance(value: string | undefined): ConfigCompliance {
  return value !== undefined && COMPLIANCE_VALUES.has(value) ? (value as ConfigCompliance) : 'INSUFFICIENT_DATA';
}

export function toIso(value: Date | undefined): string | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}

export interface EvaluationFields {
  EvaluationResultIdentifier?: EvaluationResultIdentifier | undefined;
  ComplianceType?: string | undefined;
  ResultRecordedTime?: Date | undefined;
  Annotation?: string | undefined;
}

/** An evaluation result as a RuleEvaluation; null when it names no resource or belongs to a skipped rule. */
export function toEvaluation(
  result: EvaluationFields,
  where: { ruleName: string; accountId: string; region: string },
): RuleEvaluation | null {
  const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
  const ruleName = qualifier?.ConfigRuleName ?? where.ruleName;
  if (!qualifier?.ResourceId || !qualifier.ResourceType || isSecurityHubManagedRule(ruleName)) return null;
  return {
    ruleName,
    accountId: where.accountId,
    region: where.region,
    resourceType: qualifier.ResourceType,
    resourceId: qualifier.ResourceId,
    compliance: toCompliance(result.ComplianceType),
    resultRecordedAt: toIso(result.ResultRecordedTime ?? result.EvaluationResultIdentifier?.OrderingTimestamp),
    ...(result.Annotation ? { annotation: result.Annotation } : {}),
  };
}

export interface AggregatorInput {
  client: ConfigServiceClient;
  /** The aggregator's region (the client's region). */
  region: string;
  aggregatorName: string;
  maxPages?: number;
}

/** Every rule x account x region the aggregator knows, with its compliance; `securityhub-` rules left out. */
export async function* aggregateCompliancePages(input: AggregatorInput): AsyncGenerator<RuleCompliance[], void, undefined> {
  const pages = paginateDescribeAggregateComplianceByConfigRules(
    { client: input.client, pageSize: AGGREGATE_COMPLIANCE_PAGE_SIZE },
    { ConfigurationAggregatorName: input.aggregatorName },
  );
  const ctx = { operation: 'DescribeAggregateComplianceByConfigRules', region: input.region };
  for await (const page of collectorPages(pages, ctx, input.maxPages)) {
    const items: RuleCompliance[] = [];
    for (const entry of page.AggregateComplianceByConfigRules ?? []) {
      const { ConfigRuleName: ruleName, AccountId: accountId, AwsRegion: region } = entry;
      if (!ruleName || !accountId || !region || isSecurityHubManagedRule(ruleName)) continue;
      items.push({ ruleName, accountId, region, compliance: toCompliance(entry.Compliance?.ComplianceType) });
    }
    yield items;
  }
}

export interface AggregateDetailsInput extends AggregatorInput {
  ruleName: string;
  accountId: string;
  /** The region the rule ran in (not the aggregator's). */
  ruleRegion: string;
}

/** The NON_COMPLIANT resources behind one failing rule x account x region. */
export async function* aggregateDetailsPages(input: AggregateDetailsInput): AsyncGenerator<RuleEvaluation[], void, undefined> {
  if (isSecurityHubManagedRule(input.ruleName)) return;
  const pages = paginateGetAggregateComplianceDetailsByConfigRule(
    { client: input.client, pageSize: COMPLIANCE_DETAILS_PAGE_SIZE },
    {
      ConfigurationAggregatorName: input.aggregatorName,
      ConfigRuleName: input.ruleName,
      AccountId: input.accountId,
      AwsRegion: input.ruleRegion,
      ComplianceType: 'NON_COMPLIANT',
    },
  );
  const ctx = { operation: 'GetAggregateComplianceDetailsByConfigRule', region: input.region, accountId: input.accountId };
  for await (const page of collectorPages(pages, ctx, input.maxPages)) {
    const items: RuleEvaluation[] = [];
    for (const result of page.AggregateEvaluationResults ?? []) {
      const where = {
        ruleName: input.ruleName,
        accountId: result.AccountId ?? input.accountId,
        region: result.AwsRegion ?? input.ruleRegion,
      };
      const evaluation = toEvaluation(result, where);
      if (evaluation) items.push(evaluation);
    }
    yield items;
  }
}
