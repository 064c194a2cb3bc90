import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { scriptedHttp, testCredentials } from '../test/scripted-http.ts';
import type { RecordedRequest, ScriptedResponse } from '../test/scripted-http.ts';
import { AwsCollectorError } from './errors.ts';
import { OPEN_END } from './findings-query.ts';
import { findingPages } from './securityhub.ts';
import type { FindingPagesInput, FindingsPage } from './securityhub.ts';

const now = new Date('2025-03-10T12:00:00.000Z');
const finding = (id: string, updatedAt: string) => ({ Id: id, UpdatedAt: updatedAt });

function client(answer: (request: RecordedRequest, index: number) => ScriptedResponse) {
  const http = scriptedHttp(answer);
  const sdk = new SecurityHubClient({
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: testCredentials,
    retryMode: 'adaptive',
    maxAttempts: 4,
    requestHandler: http,
  });
  return { http, sdk };
}

async function collect(input: FindingPagesInput): Promise<FindingsPage[]> {
  const pages: FindingsPage[] = [];
  for await (const page of findingPages(input)) pages.push(page);
  return pages;
}

// Two pages of ACTIVE findings, then one page of recently ARCHIVED ones.
function initialScript(request: RecordedRequest): ScriptedResponse {
  const body = request.body as { Filters: { RecordState: [{ Value: string }] }; NextToken?: string };
  if (body.Filters.RecordState[0].Value === 'ARCHIVED') {
    return { status: 200, body: { Findings: [finding('c', '2025-03-08T00:00:00.000Z')] } };
  }
  if (body.NextToken === 'active-2') return { status: 200, body: { Findings: [finding('b', '2025-03-09T00:00:00.000Z')] } };
  return { status: 200, body: { Findings: [finding('a', '2025-03-01T00:00:00.000Z')], NextToken: 'active-2' } };
}

describe('findingPages', () => {
  it('reads ACTIVE then recently ARCHIVED findings, oldest first, 100 a page, through AWS tokens', async () => {
    const { http, sdk } = client(initialScript);
    const pages = await collect({ client: sdk, region: 'eu-west-1', mode: { kind: 'initial' }, now });

    expect(pages.map((p) => [p.query, p.findings.map((f) => (f as { Id: string }).Id)])).toEqual([
      ['active', ['a']],
      ['active', ['b']],
      ['archived-recent', ['c']],
    ]);
    expect(http.requests.map((r) => r.path)).toEqual(['/findings', '/findings', '/findings']);
    expect(http.requests[0]?.body).toEqual({
      Filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] },
      SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }],
      MaxResults: 100,
    });
    expect(http.requests[1]?.body).toMatchObject({ NextToken: 'active-2' });
    expect(http.requests[2]?.body).toMatchObject({
      Filters: { UpdatedAt: [{ Start: '2025-03-03T12:00:00.000Z', End: OPEN_END }] },
    });
    expect(pages.map((p) => p.maxUpdatedAt)).toEqual([
      '2025-03-01T00:00:00.000Z',
      '2025-03-09T00:00:00.000Z',
      '2025-03-09T00:00:00.000Z',
    ]);
    expect(pages[0]?.nextToken).toBe('active-2');
    expect(pages.map((p) => p.resumeToken === undefined)).toEqual([false, false, true]);
  });

  it('yields findings exactly as AWS sent them, fields unknown to the SDK and wrong types included', async () => {
    const sent = [
      { Id: 'x', UpdatedAt: '2025-03-01T00:00:00Z', NewAsffField: { a: 1 }, Compliance: { Status: 'FAILED', Extra: true } },
      { Id: 'y', UpdatedAt: 12345, Severity: 'HIGH', Resources: [{ Type: 'AwsS3Bucket', Id: 'b', Details: { AwsS3Bucket: { Unmodelled: 'kept' } } }] },
    ];
    const { sdk } = client(() => ({ status: 200, body: { Findings: sent } }));
    const pages = await collect({ client: sdk, region: 'eu-west-1', mode: { kind: 'incremental', cursor: now.toISOString() }, now });
    expect(pages[0]?.findings).toEqual(sent);
  });

  it('signs requests for the region of the client', async () => {
    const { http, sdk } = client(initialScript);
    await collect({ client: sdk, region: 'eu-west-1', mode: { kind: 'initial' }, now });
    expect(http.requests[0]?.headers.authorization).toContain('/eu-west-1/securityhub/aws4_request');
  });

  it('resumes after any page with the filters that page was read with, even when the clock has moved', async () => {
    const first = client(initialScript);
    const pages = await collect({ client: first.sdk, region: 'eu-west-1', mode: { kind: 'initial' }, now });

    const second = client(initialScript);
    const later = new Date('2025-03-11T00:00:00.000Z');
    const resumed = await collect({
      client: second.sdk,
      region: 'eu-west-1',
      mode: { kind: 'initial' },
      now: later,
      startingToken: pages[0]?.resumeToken,
    });
    expect(resumed.map((p) => p.query)).toEqual(['active', 'archived-recent']);
    expect(second.http.requests[0]?.body).toMatchObject({ NextToken: 'active-2' });

    const third = client(initialScript);
    await collect({ client: third.sdk, region: 'eu-west-1', mode: { kind: 'initial' }, now: later, startingToken: pages[1]?.resumeToken });
    expect(third.http.requests).toHaveLength(1);
    expect(third.http.requests[0]?.body).toEqual(first.http.requests[2]?.body);
  });

  it('stops at the page cap with a token to continue from', async () => {
    const { http, sdk } = client(initialScript);
    const pages = await collect({ client: sdk, region: 'eu-west-1', mode: { kind: 'full' }, now, maxPages: 2 });
    expect(pages).toHaveLength(2);
    expect(http.requests).toHaveLength(2);
    expect(pages[1]?.resumeToken).toBeDefined();
  });

  it('reads every RecordState updated since the cursor minus the overlap in incremental mode', async () => {
    const { http, sdk } = client(() => ({ status: 200, body: { Findings: [] } }));
    const pages = await collect({
      client: sdk,
      region: 'eu-west-1',
      mode: { kind: 'incremental', cursor: '2025-03-10T00:00:00.000Z', overlapMinutes: 30 },
      now,
    });
    expect(pages).toEqual([{ findings: [], query: 'updated-since' }]);
    expect(http.requests[0]?.body).toEqual({
      Filters: { UpdatedAt: [{ Start: '2025-03-09T23:30:00.000Z', End: OPEN_END }] },
      SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }],
      MaxResults: 100,
    });
  });

  it('retries throttling inside the client and never surfaces it', async () => {
    const { http, sdk } = client((_r, i) =>
      i < 1
        ? { status: 429, body: { Message: 'Rate exceeded' }, headers: { 'x-amzn-errortype': 'TooManyRequestsException' } }
        : { status: 200, body: { Findings: [finding('a', '2025-03-01T00:00:00Z')] } },
    );
    const pages = await collect({ client: sdk, region: 'eu-west-1', mode: { kind: 'incremental', cursor: now.toISOString() }, now });
    expect(pages).toHaveLength(1);
    expect(http.requests).toHaveLength(2);
  });

  it('surfaces AccessDenied as an AwsCollectorError, not an SDK error', async () => {
    const { sdk } = client(() => ({
      status: 403,
      body: { Message: 'User is not authorized to perform securityhub:GetFindings' },
      headers: { 'x-amzn-errortype': 'AccessDeniedException' },
    }));
    const error = await collect({ client: sdk, region: 'eu-west-1', mode: { kind: 'initial' }, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCollectorError);
    expect(error).toMatchObject({ kind: 'access-denied', operation: 'GetFindings', region: 'eu-west-1', retryable: false });
  });

  it('reports Security Hub not enabled in the region as not-enabled', async () => {
    const { sdk } = client(() => ({
      status: 401,
      body: { Message: 'Account 111122223333 is not subscribed to AWS Security Hub' },
      headers: { 'x-amzn-errortype': 'InvalidAccessException' },
    }));
    const error = await collect({ client: sdk, region: 'eu-west-1', mode: { kind: 'initial' }, now }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-enabled', code: 'InvalidAccessException' });
  });

  it('refuses a resume token of another mode without calling AWS', async () => {
    const first = client(initialScript);
    const pages = await collect({ client: first.sdk, region: 'eu-west-1', mode: { kind: 'initial' }, now });
    const second = client(initialScript);
    const error = await collect({
      client: second.sdk,
      region: 'eu-west-1',
      mode: { kind: 'incremental', cursor: now.toISOString() },
      startingToken: pages[0]?.resumeToken,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid-input', code: 'InvalidResumeToken' });
    expect(second.http.requests).toHaveLength(0);
  });
});
