// Test data for the web app's pure functions: defaults plus partial overrides. Lives outside src/ so that no
// made-up data can reach the bundle.
import type {
  AccountChange,
  AccountSummary,
  DomainKey,
  DomainScore,
  Finding,
  PairChange,
  Score,
  Severities,
  TrendPoint,
  WeeklyReview,
} from '../src/api/types.ts';
import { DOMAIN_KEYS } from '../src/api/types.ts';

export function score(overrides: Partial<Score> = {}): Score {
  return { score: 75, passed: 3, failed: 1, unknown: 0, noData: 0, ...overrides };
}

export function domainScore(key: DomainKey, overrides: Partial<DomainScore> = {}): DomainScore {
  return { ...score(), key, name: key, ...overrides };
}

export function allDomains(scores: Partial<Record<DomainKey, number | null>> = {}): DomainScore[] {
  return DOMAIN_KEYS.map((key) => domainScore(key, key in scores ? { score: scores[key] ?? null } : {}));
}

export function severities(overrides: Partial<Severities> = {}): Severities {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0, ...overrides };
}

export function account(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    accountId: '111111111111',
    name: 'prod',
    overall: score(),
    domains: allDomains(),
    openFindings: severities(),
    ...overrides,
  };
}

export function trendPoint(date: string, overall: number | null, domains: Partial<Record<DomainKey, number | null>> = {}): TrendPoint {
  return { date, overall: score({ score: overall }), domains: allDomains(domains) };
}

export function accountChange(accountId: string, delta: number | null, overrides: Partial<AccountChange> = {}): AccountChange {
  return { accountId, name: `acct-${accountId}`, current: score(), previous: score(), delta, ...overrides };
}

export function pair(overrides: Partial<PairChange> = {}): PairChange {
  return { accountId: '111111111111', controlId: 'S3.1', domain: 'data-protection', title: 'S3 BPA', severity: 'HIGH', ...overrides };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'arn:aws:securityhub:eu-west-1:111111111111:finding/1',
    productArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
    productName: 'Security Hub',
    accountId: '111111111111',
    region: 'eu-west-1',
    controlId: 'S3.1',
    domain: 'data-protection',
    title: 'S3 BPA',
    severity: 'HIGH',
    complianceStatus: 'FAILED',
    workflowStatus: 'NEW',
    recordState: 'ACTIVE',
    resources: [],
    firstObservedAt: null,
    updatedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

export function weeklyReview(overrides: Partial<WeeklyReview> = {}): WeeklyReview {
  return {
    week: '2026-W47',
    from: '2026-11-16',
    to: '2026-11-22',
    previousWeek: '2026-W46',
    overall: { current: score({ score: 73 }), previous: score({ score: 71.2 }), delta: 1.8 },
    domains: DOMAIN_KEYS.map((key) => ({ key, name: key, current: score(), previous: score(), delta: 0 })),
    accounts: [],
    newlyFailing: [],
    noLongerFailing: [],
    newFindings: { count: 0, items: [] },
    resolvedFindings: { count: 0, items: [] },
    suppressedFindings: { count: 0, items: [] },
    ...overrides,
  };
}
