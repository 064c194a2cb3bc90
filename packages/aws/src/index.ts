// @pillar/aws: the only package that talks to the AWS SDK. Nothing it exports throws an SDK error.
export { createAwsSource } from './source.ts';
export type { AggregateDetailsRequest, AwsSource, AwsSourceOptions, FindingPagesRequest } from './source.ts';
export type { AwsClientOptions, AwsCredentials, AwsService } from './clients.ts';
export { DEFAULT_MAX_ATTEMPTS } from './clients.ts';
export type { AwsCall, AwsCallObserver } from './observer.ts';
export { AwsCollectorError, isAwsCollectorError, toCollectorError } from './errors.ts';
export type { AwsErrorContext, AwsErrorKind } from './errors.ts';
export {
  DEFAULT_ARCHIVED_LOOKBACK_DAYS,
  DEFAULT_OVERLAP_MINUTES,
  archivedSince,
  incrementalStart,
  maxUpdatedAt,
} from './findings-query.ts';
export type { FindingsMode, FindingsQueryName } from './findings-query.ts';
export type { FindingsPage } from './securityhub.ts';
export { FINDINGS_PAGE_SIZE } from './securityhub.ts';
export { isSecurityHubManagedRule } from './config.ts';
export type { ConfigCompliance, RuleCompliance, RuleEvaluation } from './config.ts';
export type { ConfigRuleInfo } from './config-account.ts';
export type { OrgAccount } from './organizations.ts';
export type { CallerIdentity } from './sts.ts';
export { DEFAULT_MAX_PAGES } from './paging.ts';
