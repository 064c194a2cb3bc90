import {
  paginateDescribeComplianceByConfigRule,
  paginateDescribeConfigRules,
  paginateGetComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { COMPLIANCE_DETAILS_PAGE_SIZE, isSecurityHubManagedRule, toCompliance, toEvaluation } from './config.ts';
import type { RuleCompliance, RuleEvaluation } from './config.ts';
import { collectorPages } from './paging.ts';

// AWS Config without an aggregator: the calling account's rules, one region at a time.

export interface ConfigRuleInfo {
  ruleName: string;
  arn?: string;
  /** `AWS` for managed rules, `CUSTOM_LAMBDA` / `CUSTOM_POLICY` otherwise. */
  owner?: string;
  /** The managed rule's identifier (e.g. `S3_BUCKET_VERSIONING_ENABLED`), which maps a rule to a domain. */
  sourceIdentifier?: string;
  state?: string;
}

export interface AccountRegionInput {
  client: ConfigServiceClient;
  region: string;
  /** The calling account, which these calls do not return. */
  accountId: string;
  maxPages?: number;
}

export async function configRules(input: AccountRegionInput): Promise<ConfigRuleInfo[]> {
  const pages = paginateDescribeConfigRules({ client: input.client }, {});
  const ctx = { operation: 'DescribeConfigRules', region: input.region, accountId: input.accountId };
  const rules: ConfigRuleInfo[] = [];
  for await (const page of collectorPages(pages, ctx, input.maxPages)) {
    for (const rule of page.ConfigRules ?? []) {
      if (!rule.ConfigRuleName || isSecurityHubManagedRule(rule.ConfigRuleName)) continue;
      rules.push({
        ruleName: rule.ConfigRuleName,
        ...(rule.ConfigRuleArn ? { arn: rule.ConfigRuleArn } : {}),
        ...(rule.Source?.Owner ? { owner: rule.Source.Owner } : {}),
        ...(rule.Source?.SourceIdentifier ? { sourceIdentifier: rule.Source.SourceIdentifier } : {}),
        ...(rule.ConfigRuleState ? { state: rule.ConfigRuleState } : {}),
      });
    }
  }
  return rules;
}

export async function complianceByRule(input: AccountRegionInput): Promise<RuleCompliance[]> {
  const pages = paginateDescribeComplianceByConfigRule({ client: input.client }, {});
  const ctx = { operation: 'DescribeComplianceByConfigRule', region: input.region, accountId: input.accountId };
  const results: RuleCompliance[] = [];
  for await (const page of collectorPages(pages, ctx, input.maxPages)) {
    for (const entry of page.ComplianceByConfigRules ?? []) {
      if (!entry.ConfigRuleName || isSecurityHubManagedRule(entry.ConfigRuleName)) continue;
      results.push({
        ruleName: entry.ConfigRuleName,
        accountId: input.accountId,
        region: input.region,
        compliance: toCompliance(entry.Compliance?.ComplianceType),
      });
    }
  }
  return results;
}

/** The COMPLIANT and NON_COMPLIANT resources of one rule (NOT_APPLICABLE ones never count). */
export async function* complianceDetails(
  input: AccountRegionInput & { ruleName: string },
): AsyncGenerator<RuleEvaluation[], void, undefined> {
  if (isSecurityHubManagedRule(input.ruleName)) return;
  const pages = paginateGetComplianceDetailsByConfigRule(
    { client: input.client, pageSize: COMPLIANCE_DETAILS_PAGE_SIZE },
    { ConfigRuleName: input.ruleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'] },
  );
  const ctx = { operation: 'GetComplianceDetailsByConfigRule', region: input.region, accountId: input.accountId };
  const where = { ruleName: input.ruleName, accountId: input.accountId, region: input.region };
  for await (const page of collectorPages(pages, ctx, input.maxPages)) {
    const items: RuleEvaluation[] = [];
    for (const result of page.EvaluationResults ?? []) {
      const evaluation = toEvaluation(result, where);
      if (evaluation) items.push(evaluation);
    }
    yield items;
  }
}
