import { createAwsClients } from './clients.ts';
import type { AwsClientOptions } from './clients.ts';
import { complianceByRule, complianceDetails, configRules } from './config-account.ts';
import type { ConfigRuleInfo } from './config-account.ts';
import { aggregateCompliancePages, aggregateDetailsPages } from './config.ts';
import type { RuleCompliance, RuleEvaluation } from './config.ts';
import type { FindingsMode } from './findings-query.ts';
import { listAccounts } from './organizations.ts';
import type { OrgAccount } from './organizations.ts';
import { DEFAULT_MAX_PAGES } from './paging.ts';
import { findingPages } from './securityhub.ts';
import type { FindingsPage } from './securityhub.ts';
import { callerIdentity } from './sts.ts';
import type { CallerIdentity } from './sts.ts';

export interface AwsSourceOptions extends AwsClientOptions {
  /** Where the Config aggregator lives and where STS and Organizations are called (`AWS_REGION`). */
  homeRegion: string;
  /** Page cap of every pull (default 100,000). Config and Organizations fail beyond it; findings stop resumably. */
  maxPages?: number;
  /** The clock for the archived-findings lookback (the demo replays past days). */
  now?: () => Date;
}

export interface FindingPagesRequest {
  region: string;
  mode: FindingsMode;
  /** A `resumeToken` from a page of an earlier pull in the same mode. */
  startingToken?: string;
  maxPages?: number;
}

export interface AggregateDetailsRequest {
  aggregatorName: string;
  ruleName: string;
  accountId: string;
  /** The region the rule was evaluated in. */
  region: string;
}

/** Everything Pillar reads from AWS. Every method throws AwsCollectorError, never an SDK error. */
export interface AwsSource {
  findingPages(request: FindingPagesRequest): AsyncGenerator<FindingsPage, void, undefined>;
  aggregateCompliancePages(aggregatorName: string): AsyncGenerator<RuleCompliance[], void, undefined>;
  aggregateDetailsPages(request: AggregateDetailsRequest): AsyncGenerator<RuleEvaluation[], void, undefined>;
  configRules(region: string): Promise<ConfigRuleInfo[]>;
  complianceByRule(region: string): Promise<RuleCompliance[]>;
  complianceDetails(region: string, ruleName: string): AsyncGenerator<RuleEvaluation[], void, undefined>;
  /** Null when the caller may not list the organisation's accounts: fall back to account ids. */
  listAccounts(): Promise<OrgAccount[] | null>;
  callerIdentity(): Promise<CallerIdentity>;
  /** Closes the clients' sockets. */
  close(): void;
}

export function createAwsSource(options: AwsSourceOptions): AwsSource {
  const clients = createAwsClients(options);
  const home = options.homeRegion;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const now = options.now ?? (() => new Date());

  // One STS call per source: the non-aggregator Config calls do not say whose results they return.
  let identity: Promise<CallerIdentity> | undefined;
  const whoAmI = (): Promise<CallerIdentity> => {
    identity ??= callerIdentity({ client: clients.sts(home), region: home }).catch((err: unknown) => {
      identity = undefined;
      throw err;
    });
    return identity;
  };
  const accountRegion = async (region: string) => ({
    client: clients.config(region),
    region,
    accountId: (await whoAmI()).account,
    maxPages,
  });

  return {
    findingPages: (request) =>
      findingPages({
        ...request,
        client: clients.securityHub(request.region),
        maxPages: request.maxPages ?? maxPages,
        now: now(),
      }),
    aggregateCompliancePages: (aggregatorName) =>
      aggregateCompliancePages({ client: clients.config(home), region: home, aggregatorName, maxPages }),
    aggregateDetailsPages: (request) =>
      aggregateDetailsPages({
        client: clients.config(home),
        region: home,
        aggregatorName: request.aggregatorName,
        ruleName: request.ruleName,
        accountId: request.accountId,
        ruleRegion: request.region,
        maxPages,
      }),
    configRules: async (region) => configRules(await accountRegion(region)),
    complianceByRule: async (region) => complianceByRule(await accountRegion(region)),
    async *complianceDetails(region, ruleName) {
      yield* complianceDetails({ ...(await accountRegion(region)), ruleName });
    },
    listAccounts: () => listAccounts({ client: clients.organizations(home), region: home, maxPages }),
    callerIdentity: whoAmI,
    close: () => clients.destroy(),
  };
}
