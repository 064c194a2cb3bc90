// Named read queries of the API, one module per question (docs/architecture.md, 'How each read is answered').
export type { AggregateRow, CountRow, ReadDb } from './sql.ts';
export { orgTotalsOn, orgTrend, type DayDomainCounts, type OrgTotals, type OrgTrend } from './org-day.ts';
export {
  accountName,
  accountsOn,
  accountTotalsOn,
  accountTrend,
  type AccountDomainRow,
  type AccountInterval,
} from './account-day.ts';
export { accountControlsOn, controlsOn, type AccountControlRow, type ControlDayRow } from './controls.ts';
export {
  controlIdsInDomain,
  findingDetail,
  findingsAtEndOf,
  findingsPage,
  likePattern,
  type FindingDetailRow,
  type FindingFilter,
  type FindingRow,
} from './findings.ts';
export {
  findingChangeCandidates,
  pairChangeCandidates,
  type FindingChangeCandidate,
  type FindingStateAt,
  type PairChangeCandidate,
} from './weekly.ts';
export { failedSyncParts, syncRunDetail, syncRunsPage, type SyncRunCursor } from './syncs.ts';
export { latestDomainOverrides, type DomainOverrideRow } from './domain-overrides.ts';
