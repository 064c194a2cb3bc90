// The vocabularies the schema stores as text; each is enforced by a CHECK constraint in the migrations
// (packages/db/test/vocabulary.int.test.ts keeps the two equal).

export const DOMAIN_KEYS = ['iam', 'detective', 'infrastructure', 'data-protection', 'incident-response'] as const;
export type DomainKey = (typeof DOMAIN_KEYS)[number];
/** account_day / org_day / control_day key for controls and findings with no domain. */
export const UNMAPPED_DOMAIN = '';
/** Region key of rows that combine every region. */
export const ALL_REGIONS = '*';
/** sync_part / sync_cursor account of org-wide reads (an aggregator, Organizations). */
export const ALL_ACCOUNTS = '*';

export const SEVERITY_LABELS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

export const CONTROL_SOURCES = ['securityhub', 'config'] as const;
export type ControlSource = (typeof CONTROL_SOURCES)[number];

export const SYNC_SOURCES = ['securityhub', 'config', 'organizations'] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

/** Combined over regions by rank: FAILED > UNKNOWN > PASSED > NO_DATA. */
export const PAIR_STATUSES = ['FAILED', 'UNKNOWN', 'PASSED', 'NO_DATA'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];

export const FINDING_STATES = ['open', 'passed', 'archived', 'resolved', 'suppressed', 'gone', 'other'] as const;
export type FindingStateName = (typeof FINDING_STATES)[number];

export const SYNC_KINDS = ['incremental', 'full'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

export const SYNC_RUN_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

export const SYNC_PART_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type SyncPartStatus = (typeof SYNC_PART_STATUSES)[number];

export const ROLES = ['viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ACTOR_TYPES = ['user', 'token', 'system', 'anonymous'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const ACCOUNT_NAME_SOURCES = ['organizations', 'id'] as const;
export type AccountNameSource = (typeof ACCOUNT_NAME_SOURCES)[number];
