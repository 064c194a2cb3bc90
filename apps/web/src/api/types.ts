// The HTTP API's shapes, as CONTRACT.md states them. SCORING.md gives the meaning of every number.
// Fields marked "not in CONTRACT.md" are read when the API sends them and tolerated when it does not.

export const DOMAIN_KEYS = ['iam', 'detective', 'infrastructure', 'data-protection', 'incident-response'] as const;
export type DomainKey = (typeof DOMAIN_KEYS)[number];

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `score` is null when no pair in scope has data: shown as "no data", never as 0. */
export interface Score {
  score: number | null;
  passed: number;
  failed: number;
  unknown: number;
  noData: number;
}

export interface DomainScore extends Score {
  key: DomainKey;
  name: string;
  /** Open findings of this domain by severity. Not in CONTRACT.md; shown on domain cards when present. */
  openFindings?: Severities;
}

/** Counts of open findings by severity. */
export type Severities = Record<Severity, number>;

export type Role = 'viewer' | 'admin';

export interface Me {
  email: string;
  role: Role;
  /** Not in CONTRACT.md: lets a reloaded tab that lost its session storage make changes again. */
  csrfToken?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  email: string;
  role: Role;
  csrfToken: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export type Source = 'securityhub' | 'config';

export interface Posture {
  date: string;
  overall: Score;
  domains: DomainScore[];
  unmapped: Score;
  openFindings: Severities;
}

export interface AccountSummary {
  accountId: string;
  name: string;
  overall: Score;
  domains: DomainScore[];
  openFindings: Severities;
}

export interface AccountsResponse {
  items: AccountSummary[];
}

/** A pair's status (SCORING.md). */
export type ControlStatus = 'PASSED' | 'FAILED' | 'UNKNOWN' | 'NO_DATA';

export interface AccountControl {
  controlId: string;
  title: string;
  /** null: the control has no severity (AWS Config rules carry none). */
  severity: Severity | null;
  /** null: the control maps to no domain (counted in `unmapped`). */
  domain: DomainKey | null;
  status: ControlStatus;
  failedResources: number;
  failingSince: string | null;
}

export interface AccountDetail {
  accountId: string;
  name: string;
  overall: Score;
  domains: DomainScore[];
  unmapped: Score;
  openFindings: Severities;
  controls: AccountControl[];
}

/** One control across the organisation: the counts are accounts, not resources. */
export interface ControlSummary {
  controlId: string;
  title: string;
  /** null: the control has no severity (AWS Config rules carry none). */
  severity: Severity | null;
  domain: DomainKey | null;
  passed: number;
  failed: number;
  unknown: number;
  noData: number;
}

export interface ControlsResponse {
  items: ControlSummary[];
}

export interface FindingResource {
  Type?: string;
  Id?: string;
  Region?: string;
  Partition?: string;
  [key: string]: unknown;
}

export interface Finding {
  id: string;
  productArn: string;
  productName: string;
  accountId: string;
  region: string;
  controlId: string | null;
  domain: DomainKey | null;
  title: string;
  severity: Severity;
  complianceStatus: string | null;
  workflowStatus: string;
  recordState: string;
  resources: FindingResource[];
  firstObservedAt: string | null;
  updatedAt: string;
  /** Not in CONTRACT.md: the finding's remediation URL (ASFF `Remediation.Recommendation.Url`). */
  remediationUrl?: string | null;
  /** Not in CONTRACT.md: the raw ASFF document, shown collapsed in the finding drawer. */
  raw?: unknown;
}

export interface FindingsPage {
  items: Finding[];
  nextCursor: string | null;
}

export type Interval = 'day' | 'week';

export interface TrendPoint {
  /** For weekly points, the week's Sunday. */
  date: string;
  overall: Score;
  domains: DomainScore[];
}

export interface Trends {
  interval: Interval;
  points: TrendPoint[];
}

export interface ScoreChange {
  current: Score;
  previous: Score;
  /** current - previous from unrounded scores; null when either is null. */
  delta: number | null;
}

export interface DomainChange extends ScoreChange {
  key: DomainKey;
  name: string;
}

export interface AccountChange extends ScoreChange {
  accountId: string;
  name: string;
}

export interface PairChange {
  accountId: string;
  controlId: string;
  domain: DomainKey | null;
  title: string;
  /** null: the control has no severity (AWS Config rules carry none). */
  severity: Severity | null;
}

export interface FindingList {
  /** Exact count; `items` holds at most 500. */
  count: number;
  items: Finding[];
}

export interface WeeklyReview {
  week: string;
  from: string;
  to: string;
  previousWeek: string;
  overall: ScoreChange;
  domains: DomainChange[];
  accounts: AccountChange[];
  newlyFailing: PairChange[];
  /** Not in CONTRACT.md: the exact number of newly failing pairs (the list holds at most 500). */
  newlyFailingCount?: number;
  noLongerFailing: PairChange[];
  /** Not in CONTRACT.md: the exact number of pairs no longer failing. */
  noLongerFailingCount?: number;
  newFindings: FindingList;
  resolvedFindings: FindingList;
  suppressedFindings: FindingList;
}

// CONTRACT.md names the content of a sync run ("status, progress, day recorded, started/finished, per
// account/region errors") but not its field names: these are the names the web app expects.
export type SyncStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

/** What a sync part reads: Security Hub, AWS Config, or the account list from AWS Organizations. */
export type SyncSource = Source | 'organizations';

/** `accountId` and `region` are `'*'` for a read that covers every account or region (an aggregator). */
export interface SyncPart {
  source: SyncSource;
  accountId: string;
  region: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  /** Findings, Config evaluations or accounts read by the part, by its source. */
  itemsRead?: number;
  /** The same number under the name of the run's count (older APIs send only this one). */
  findingsRead: number;
  errorMessage?: string | null;
}

export interface SyncError {
  source: SyncSource | null;
  accountId: string | null;
  region: string | null;
  code?: string | null;
  message: string;
}

export interface SyncRun {
  id: string;
  kind?: 'incremental' | 'full';
  status: SyncStatus;
  full: boolean;
  /** The day recorded (`--as-of`), YYYY-MM-DD. */
  asOf: string;
  startedAt: string | null;
  finishedAt: string | null;
  findingsRead: number;
  progress: { total: number; done: number; failed: number };
  parts?: SyncPart[];
  errors: SyncError[];
}

export interface SyncsResponse {
  items: SyncRun[];
}

export interface StartSyncRequest {
  full?: boolean;
}

export interface StartSyncResponse {
  id: string;
}
