import { paginateGetFindings } from '@aws-sdk/client-securityhub';
import type { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AwsCollectorError } from './errors.ts';
import { FINDINGS_SORT, findingQueries, maxUpdatedAt } from './findings-query.ts';
import type { FindingsMode, FindingsQuery, FindingsQueryName } from './findings-query.ts';
import { collectorPages, DEFAULT_MAX_PAGES } from './paging.ts';
import { captureRawFindings } from './raw-findings.ts';
import type { RawFindingsCapture } from './raw-findings.ts';
import { decodeResumeToken, encodeResumeToken } from './resume-token.ts';

/** GetFindings' published maximum page size. */
export const FINDINGS_PAGE_SIZE = 100;

export interface FindingsPage {
  /**
   * Raw ASFF, exactly as AWS sent it, fields unknown to the SDK's model included (a page may hold the same
   * finding twice; a finding may be malformed: validating it is the caller's job).
   */
  findings: unknown[];
  query: FindingsQueryName;
  /** AWS's NextToken for this page's query; undefined on the query's last page. */
  nextToken?: string;
  /**
   * Pass as `startingToken` to continue after this page (also across processes). Undefined once the mode's last
   * query has run out: the pull is complete. Defined on the last page yielded means the page cap stopped it.
   */
  resumeToken?: string;
  /** The latest UpdatedAt among the findings yielded so far by this call (ISO), for the next incremental cursor. */
  maxUpdatedAt?: string;
}

export interface FindingPagesInput {
  client: SecurityHubClient;
  region: string;
  mode: FindingsMode;
  /** A `resumeToken` from an earlier page of a pull in the same mode. */
  startingToken?: string;
  /** Stop after this many pages (the last page then carries a resumeToken). */
  maxPages?: number;
  /** The clock for the archived lookback window and the cursor's upper bound (default: the system clock). */
  now?: Date;
}

function resumeQueries(input: FindingPagesInput): { queries: FindingsQuery[]; first: number; token?: string } {
  const queries = findingQueries(input.mode, input.now ?? new Date());
  if (input.startingToken === undefined) return { queries, first: 0 };
  const point = decodeResumeToken(input.startingToken);
  const resumed = point && point.mode === input.mode.kind ? queries[point.query] : undefined;
  if (!point || !resumed) {
    throw new AwsCollectorError('invalid-input', {
      operation: 'GetFindings',
      region: input.region,
      code: 'InvalidResumeToken',
      detail: `the starting token is not a resume token of a '${input.mode.kind}' pull`,
    });
  }
  // The resumed query keeps the filters its NextToken was issued for.
  queries[point.query] = { name: resumed.name, filters: point.filters };
  return { queries, first: point.query, ...(point.nextToken ? { token: point.nextToken } : {}) };
}

/**
 * Every finding a mode selects in one region, page by page, oldest UpdatedAt first, across all products.
 * Throttling is retried inside the client; anything else surfaces as an AwsCollectorError.
 */
export async function* findingPages(input: FindingPagesInput): AsyncGenerator<FindingsPage, void, undefined> {
  const now = input.now ?? new Date();
  const { queries, first, token } = resumeQueries({ ...input, now });
  const maxPages = input.maxPages ?? DEFAULT_MAX_PAGES;
  const ctx = { operation: 'GetFindings', region: input.region };
  let pages = 0;
  let latest: string | undefined;

  for (let index = first; index < queries.length; index += 1) {
    const query = queries[index] as FindingsQuery;
    const following = queries[index + 1];
    const raw: RawFindingsCapture = {};
    const paginator = paginateGetFindings(
      {
        client: input.client,
        pageSize: FINDINGS_PAGE_SIZE,
        ...(index === first && token ? { startingToken: token } : {}),
        withCommand: (command) => captureRawFindings(command as GetFindingsCommand, raw),
      },
      { Filters: query.filters, SortCriteria: FINDINGS_SORT },
    );
    for await (const page of collectorPages(paginator, ctx, Number.POSITIVE_INFINITY)) {
      const findings: unknown[] = raw.findings ?? page.Findings ?? [];
      latest = maxUpdatedAt(latest, findings, now);
      const next = page.NextToken || undefined;
      const resumeToken = next
        ? encodeResumeToken({ mode: input.mode.kind, query: index, filters: query.filters, nextToken: next })
        : following
          ? encodeResumeToken({ mode: input.mode.kind, query: index + 1, filters: following.filters })
          : undefined;
      yield {
        findings,
        query: query.name,
        ...(next ? { nextToken: next } : {}),
        ...(resumeToken ? { resumeToken } : {}),
        ...(latest ? { maxUpdatedAt: latest } : {}),
      };
      pages += 1;
      if (pages >= maxPages && resumeToken) return;
    }
  }
}
