// The real ASFF samples (packages/testkit/fixtures/aws-samples/asff: AWS documentation, the AWS CLI,
// automated-security-response, DefectDojo) through the worker's storage path and day recording, then the API
// against ground truth computed from the sample JSON with ./ground-truth.ts. The simulator does not serve
// these documents, so they go through the same functions a Security Hub page job uses: parsePage + storePage,
// then finaliseSync for a sync_run row made here.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@pillar/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../../../worker/src/context.ts';
import { finaliseSync } from '../../../worker/src/jobs/finalise.ts';
import { parsePage, storePage } from '../../../worker/src/jobs/securityhub-page.ts';
import { factOf, isOpen, Truth, type Fact } from './ground-truth.ts';
import { postureOf, truthApp, type AccountBody, type ControlsBody, type PostureBody, type TruthApp } from './setup.ts';

const DIR = fileURLToPath(new URL('../../../../packages/testkit/fixtures/aws-samples/asff/', import.meta.url));
const DAY = '2026-01-15';
const RUN = randomUUID();

/** The findings of a sample document: a bare finding, an array, `{ Findings }`, `{ findings }`, an EventBridge event, `{ Finding }`. */
function findingsIn(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc.flatMap(findingsIn);
  if (doc === null || typeof doc !== 'object') return [];
  const o = doc as Record<string, unknown>;
  for (const key of ['Findings', 'findings']) if (Array.isArray(o[key])) return (o[key] as unknown[]).flatMap(findingsIn);
  if (o.detail !== null && typeof o.detail === 'object') return findingsIn(o.detail);
  if (o.Finding !== null && typeof o.Finding === 'object') return [o.Finding];
  return [o];
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const raws = files.flatMap((f) => findingsIn(JSON.parse(readFileSync(DIR + f, 'utf8'))));

/** One finding per natural key, as AWS keeps it: the latest UpdatedAt (of equals, the one read last). */
function latest(list: readonly Fact[]): Fact[] {
  const byKey = new Map<string, Fact>();
  for (const f of list) {
    const seen = byKey.get(f.key);
    if (!seen || seen.updatedMs <= f.updatedMs) byKey.set(f.key, f);
  }
  return [...byKey.values()];
}

const readable = raws.flatMap((raw) => {
  const fact = factOf(raw);
  return fact === null ? [] : [{ raw: raw as Record<string, unknown>, fact }];
});
const truth = new Truth(latest(readable.map((r) => r.fact)), []);

let db: TestDatabase;
let pool: pg.Pool;
let api: TruthApp;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query(`INSERT INTO sync_run (id, kind, as_of, requested_by) VALUES ($1, 'full', $2, 'test')`, [RUN, DAY]);
  const { rows } = parsePage(raws);
  // The product keeps exactly the findings SCORING.md can read (12-digit account, product ARN, a region).
  expect(new Set(rows.map((r) => `${r.finding.productArn} ${r.finding.id}`))).toEqual(new Set(truth.facts.map((f) => f.key)));
  await storePage(pool, RUN, rows, false);
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as JobContext['log'];
  const result = await finaliseSync({ pool, log: silent }, { runId: RUN });
  expect(result.recorded).toBe(true);
  api = await truthApp(db);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await pool?.end();
  await db?.drop();
});

const posture = async (params: Record<string, string> = {}) =>
  postureOf(await api.get<PostureBody>(`/api/v1/posture?${new URLSearchParams({ ...params, date: DAY }).toString()}`));

describe('the samples hold what scoring must read', () => {
  it('both control formats, findings without Region, and products that are not control checks', () => {
    const checks = readable.filter((r) => r.fact.isControlCheck);
    const compliance = (r: { raw: Record<string, unknown> }) => r.raw.Compliance as { SecurityControlId?: string } | undefined;
    expect(checks.some((r) => compliance(r)?.SecurityControlId !== undefined)).toBe(true);
    const perStandard = checks.filter((r) => compliance(r)?.SecurityControlId === undefined).map((r) => r.fact.controlId ?? '');
    expect(perStandard.some((id) => /^[A-Za-z0-9]+\.\d+$/.test(id))).toBe(true); // FSBP: already the security control id
    expect(perStandard.some((id) => id.startsWith('cis-aws-foundations-benchmark/v/1.2.0/'))).toBe(true);
    expect(perStandard.some((id) => id.startsWith('pci-dss/v/3.2.1/'))).toBe(true);
    expect(readable.filter((r) => !('Region' in r.raw)).length).toBeGreaterThan(10);
    expect(checks.some((r) => !('Region' in r.raw))).toBe(true);
    const others = new Set(readable.filter((r) => !r.fact.isControlCheck).map((r) => r.fact.product));
    for (const product of ['aws/guardduty', 'aws/inspector', 'aws/access-analyzer', 'aws/config', 'prowler/prowler', 'aws/health']) expect(others.has(product), product).toBe(true);
    // A partner tool's compliance result and AWS Config's own finding are not control checks.
    expect(readable.some((r) => r.fact.product === 'prowler/prowler' && r.fact.compliance === 'FAILED')).toBe(true);
    expect(readable.some((r) => r.fact.product === 'aws/config' && r.fact.compliance === 'FAILED')).toBe(true);
    expect(truth.pairs.some((x) => x.status === 'UNKNOWN')).toBe(true);
  });

  it('findings that are not control checks never change a score, but count as open findings of their product domain', () => {
    const onlyChecks = new Truth(
      truth.facts.filter((f) => f.isControlCheck),
      [],
    );
    expect(onlyChecks.posture().overall).toEqual(truth.posture().overall);
    expect(onlyChecks.posture().openFindings).not.toEqual(truth.posture().openFindings);
    const guardDuty = truth.facts.filter((f) => f.product === 'aws/guardduty' && isOpen(f));
    expect(guardDuty.length).toBeGreaterThan(0);
  });
});

describe('the API on the samples equals ground truth', () => {
  it('GET /posture for the organisation, each region and each source', async () => {
    expect(await posture()).toEqual(truth.posture());
    const regions = [...new Set(truth.facts.map((f) => f.region))].sort();
    expect(regions.length).toBeGreaterThan(3);
    for (const region of regions) expect(await posture({ region }), region).toEqual(truth.posture({ region }));
    for (const source of ['securityhub', 'config'] as const) expect(await posture({ source }), source).toEqual(truth.posture({ source }));
  });

  it('GET /posture and /accounts/:id for each account, with every control', async () => {
    for (const accountId of truth.accounts()) {
      expect(await posture({ accountId }), accountId).toEqual(truth.posture({ accountId }));
      const body = await api.get<AccountBody>(`/api/v1/accounts/${accountId}?date=${DAY}`);
      expect(postureOf(body), accountId).toEqual(truth.posture({ accountId }));
      const got = body.controls
        .map((c) => ({ controlId: c.controlId, domain: c.domain, status: c.status, failedResources: c.failedResources }))
        .sort((a, b) => (a.controlId < b.controlId ? -1 : 1));
      expect(got, accountId).toEqual(truth.controlsOf(accountId));
    }
  });

  it('GET /controls counts the accounts per status', async () => {
    const body = await api.get<ControlsBody>(`/api/v1/controls?date=${DAY}`);
    const got = body.items
      .map((c) => ({ controlId: c.controlId, domain: c.domain, passed: c.passed, failed: c.failed, unknown: c.unknown, noData: c.noData }))
      .sort((a, b) => (a.controlId < b.controlId ? -1 : 1));
    expect(got).toEqual(truth.controls());
  });
});
