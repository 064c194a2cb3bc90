import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccounts, insertControls, insertSyncParts, insertSyncRun } from '@pillar/testkit';
import { expectBadRequest, readTestApp, type ReadTestApp } from './setup.ts';

const A = '111111111111';
const TODAY = new Date().toISOString().slice(0, 10);

type Run = {
  id: string;
  kind: string;
  full: boolean;
  status: string;
  asOf: string;
  requestedBy: string;
  progress: { total: number; done: number; failed: number };
  errors: { source: string | null; accountId: string | null; region: string | null; code: string | null; message: string }[];
  parts?: { source: string; accountId: string; region: string; status: string; itemsRead: number; attempts: number; errorCode: string | null; errorMessage: string | null }[];
};

let t: ReadTestApp;
const runIds: string[] = [];

beforeAll(async () => {
  t = await readTestApp();
  const prisma = t.db.prisma;
  await insertAccounts(prisma, { id: A });
  for (let i = 0; i < 5; i++) {
    const run = await insertSyncRun(prisma, {
      asOf: `2026-03-0${i + 1}`,
      kind: i === 3 ? 'full' : 'incremental',
      status: i === 4 ? 'partial' : 'succeeded',
      createdAt: new Date(Date.UTC(2026, 2, i + 1, 6)),
      partsTotal: 2,
      partsDone: i === 4 ? 1 : 2,
      partsFailed: i === 4 ? 1 : 0,
      findingsRead: 10 * i,
    });
    runIds.push(run.id);
  }
  await insertSyncParts(
    prisma,
    runIds[4]!,
    { accountId: A, region: 'us-east-1', itemsRead: 40 },
    { accountId: A, region: 'eu-west-1', status: 'failed', attempts: 3, errorCode: 'AccessDenied', errorMessage: 'not authorized to perform securityhub:GetFindings' },
    { source: 'organizations', accountId: '*', region: 'us-east-1', itemsRead: 1 },
  );
  await insertControls(prisma, { id: 'S3.1', domain: 'data-protection' }, { id: 'cis-aws-foundations-benchmark/v/1.2.0/1.4', domain: 'iam' });
});
afterAll(() => t.close());

describe('GET /api/v1/syncs', () => {
  it('lists runs newest first, a page at a time, with progress and errors', async () => {
    const first = await t.get('/api/v1/syncs?limit=2');
    expect(first.status).toBe(200);
    const body = first.body as { items: Run[]; nextCursor: string };
    expect(body.items.map((r) => r.id)).toEqual([runIds[4], runIds[3]]);
    expect(body.items[0]).toMatchObject({
      status: 'partial',
      full: false,
      asOf: '2026-03-05',
      requestedBy: 'schedule',
      progress: { total: 2, done: 1, failed: 1 },
      errors: [{ source: 'securityhub', accountId: A, region: 'eu-west-1', code: 'AccessDenied', message: 'not authorized to perform securityhub:GetFindings' }],
    });
    expect(body.items[0]!.parts).toBeUndefined();
    expect(body.items[1]).toMatchObject({ kind: 'full', full: true, errors: [] });
    const rest: string[] = [];
    let cursor: string | null = body.nextCursor;
    while (cursor !== null) {
      const page = (await t.get(`/api/v1/syncs?limit=2&cursor=${cursor}`)).body as { items: Run[]; nextCursor: string | null };
      rest.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    }
    expect(rest).toEqual([runIds[2], runIds[1], runIds[0]]);
  });

  it('refuses a bad cursor or limit with 400', async () => {
    expectBadRequest(await t.get('/api/v1/syncs?cursor=abc'));
    expectBadRequest(await t.get('/api/v1/syncs?limit=0'));
    expectBadRequest(await t.get('/api/v1/syncs?limit=101'));
  });
});

describe('GET /api/v1/syncs/:id', () => {
  it('gives the run with every part and its errors', async () => {
    const res = await t.get(`/api/v1/syncs/${runIds[4]}`);
    expect(res.status).toBe(200);
    const run = res.body as Run;
    expect(run.parts?.map((p) => [p.source, p.accountId, p.region, p.status, p.itemsRead, p.attempts, p.errorCode])).toEqual([
      ['organizations', '*', 'us-east-1', 'succeeded', 1, 1, null],
      ['securityhub', A, 'eu-west-1', 'failed', 0, 3, 'AccessDenied'],
      ['securityhub', A, 'us-east-1', 'succeeded', 40, 1, null],
    ]);
    expect(run.errors).toHaveLength(1);
  });

  it('answers 404 for an unknown run and 400 for a malformed id', async () => {
    expect((await t.get('/api/v1/syncs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expectBadRequest(await t.get('/api/v1/syncs/42'));
  });
});

describe('POST /api/v1/syncs', () => {
  it('starts a sync for an admin, audits it, and joins the running one', async () => {
    const first = await t.http.post('/api/v1/syncs').set(t.admin).set('user-agent', 'pillar-test').send({ full: true });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const started = first.body as { id: string; joined: boolean };
    expect(started).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string, joined: false });
    const run = (await t.get(`/api/v1/syncs/${started.id}`)).body as Run;
    expect(run).toMatchObject({ kind: 'full', status: 'queued', asOf: TODAY, requestedBy: expect.stringMatching(/^token:token-/) as string });

    const second = await t.http.post('/api/v1/syncs').set(t.admin);
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    expect(second.body).toEqual({ id: started.id, joined: true });

    const audit = await t.db.prisma.auditLog.findMany({ where: { action: 'sync.start' }, orderBy: { id: 'asc' } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorType: 'token', target: started.id, detail: { kind: 'full', joined: false }, userAgent: 'pillar-test' });
    expect(audit[0]!.requestId).toEqual(expect.any(String) as string);
  });

  it('is for admins only, and refuses unknown fields', async () => {
    expect((await t.http.post('/api/v1/syncs').set(t.viewer).send({})).status).toBe(403);
    expect((await t.http.post('/api/v1/syncs').send({})).status).toBe(401);
    expectBadRequest(await t.http.post('/api/v1/syncs').set(t.admin).send({ full: 'yes' }));
    expectBadRequest(await t.http.post('/api/v1/syncs').set(t.admin).send({ asOf: '2026-01-01' }));
  });
});

type Override = { controlId: string; domain: string | null; setBy: string; setAt: string; effectiveFrom: string };

describe('domain overrides', () => {
  const list = async () => ((await t.get('/api/v1/domain-overrides')).body as { items: Override[] }).items;
  const CIS = encodeURIComponent('cis-aws-foundations-benchmark/v/1.2.0/1.4');

  it('sets an override from today, lists the latest per control, and audits it', async () => {
    const res = await t.http.put('/api/v1/domain-overrides/S3.1').set(t.admin).send({ domain: 'infrastructure' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ controlId: 'S3.1', domain: 'infrastructure', setBy: expect.stringMatching(/^token-/) as string, setAt: expect.any(String) as string, effectiveFrom: TODAY });
    await t.http.put('/api/v1/domain-overrides/S3.1').set(t.admin).send({ domain: 'iam' }).expect(200);
    expect((await list()).map((o) => [o.controlId, o.domain, o.effectiveFrom])).toEqual([['S3.1', 'iam', TODAY]]);
    const audit = await t.db.prisma.auditLog.findMany({ where: { action: 'domain_override.set' } });
    expect(audit.map((a) => [a.target, a.detail])).toEqual([
      ['S3.1', { domain: 'infrastructure' }],
      ['S3.1', { domain: 'iam' }],
    ]);
  });

  it('marks a control explicitly unmapped with null, including ids with slashes', async () => {
    const res = await t.http.put(`/api/v1/domain-overrides/${CIS}`).set(t.admin).send({ domain: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ controlId: 'cis-aws-foundations-benchmark/v/1.2.0/1.4', domain: null });
    expect((await list()).map((o) => [o.controlId, o.domain])).toEqual([
      ['S3.1', 'iam'],
      ['cis-aws-foundations-benchmark/v/1.2.0/1.4', null],
    ]);
  });

  it('clears an override with DELETE: a cleared row, left out of the list', async () => {
    expect((await t.http.delete('/api/v1/domain-overrides/S3.1').set(t.admin)).status).toBe(204);
    expect((await list()).map((o) => o.controlId)).toEqual(['cis-aws-foundations-benchmark/v/1.2.0/1.4']);
    const rows = await t.db.prisma.domainOverride.findMany({ where: { controlId: 'S3.1' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.domain, r.cleared])).toEqual([
      ['infrastructure', false],
      ['iam', false],
      [null, true],
    ]);
    // Clearing again changes nothing.
    expect((await t.http.delete('/api/v1/domain-overrides/S3.1').set(t.admin)).status).toBe(204);
    expect(await t.db.prisma.domainOverride.count({ where: { controlId: 'S3.1' } })).toBe(3);
    expect(await t.db.prisma.auditLog.count({ where: { action: 'domain_override.clear' } })).toBe(1);
  });

  it('answers 404 for an unknown control, 400 for a bad domain, 403 for a viewer', async () => {
    expect((await t.http.put('/api/v1/domain-overrides/Nope.1').set(t.admin).send({ domain: 'iam' })).status).toBe(404);
    expect((await t.http.delete('/api/v1/domain-overrides/Nope.1').set(t.admin)).status).toBe(404);
    expectBadRequest(await t.http.put('/api/v1/domain-overrides/S3.1').set(t.admin).send({ domain: 'network' }));
    expectBadRequest(await t.http.put('/api/v1/domain-overrides/S3.1').set(t.admin).send({}));
    expectBadRequest(await t.http.put('/api/v1/domain-overrides/S3.1').set(t.admin).send({ domain: 'iam', extra: 1 }));
    expectBadRequest(await t.http.put('/api/v1/domain-overrides/bad%20id').set(t.admin).send({ domain: 'iam' }));
    expect((await t.http.put('/api/v1/domain-overrides/S3.1').set(t.viewer).send({ domain: 'iam' })).status).toBe(403);
    expect((await t.http.delete('/api/v1/domain-overrides/S3.1').set(t.viewer)).status).toBe(403);
  });
});
