import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, B, C, D1, D2, D3, seedHistory } from './history-fixture.ts';
import { DOMAIN_ORDER, expectBadRequest, NONE, readTestApp, score, severities, type ReadTestApp } from './setup.ts';

type ScoreBody = { score: number | null; passed: number; failed: number; unknown: number; noData: number };
type DomainBody = ScoreBody & { key: string; name: string; openFindings: typeof NONE };
type PostureBody = { date: string; overall: ScoreBody; domains: DomainBody[]; unmapped: ScoreBody; openFindings: typeof NONE };

let t: ReadTestApp;

beforeAll(async () => {
  t = await readTestApp();
  await seedHistory(t.db.prisma);
});
afterAll(() => t.close());

async function posture(query: string): Promise<PostureBody> {
  const res = await t.get(`/api/v1/posture${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as PostureBody;
}

/** Domain scores by key, without names and open counts. */
function domains(body: { domains: (ScoreBody & { key: string })[] }): Record<string, ScoreBody> {
  expect(body.domains.map((d) => d.key)).toEqual(DOMAIN_ORDER);
  return Object.fromEntries(body.domains.map(({ key, score: s, passed, failed, unknown, noData }) => [key, { score: s, passed, failed, unknown, noData }]));
}

const NO_DATA = score(null, 0, 0);

describe('GET /api/v1/posture for the organisation', () => {
  it('pools every pair of the recorded day, per domain, with unmapped controls apart', async () => {
    const body = await posture(`?date=${D1}`);
    expect(body.date).toBe(D1);
    // iam 3+1 passed (both sources), 1 failed; detective 1/1; infrastructure 0 passed of 3; unmapped 1/1.
    expect(body.overall).toEqual(score(50, 6, 5, 1, 1));
    expect(domains(body)).toEqual({
      iam: score(80, 4, 1, 0, 1),
      detective: score(50, 1, 1),
      infrastructure: score(0, 0, 2, 1),
      'data-protection': NO_DATA,
      'incident-response': NO_DATA,
    });
    expect(body.domains[0]).toMatchObject({ name: 'Identity and Access Management', openFindings: severities({ HIGH: 2 }) });
    expect(body.unmapped).toEqual(score(50, 1, 1));
    expect(body.openFindings).toEqual(severities({ HIGH: 2, LOW: 3 }));
  });

  it('shows between recorded days the state of the latest recorded day (carry-forward)', async () => {
    expect((await posture('?date=2026-03-03')).overall).toEqual(score(50, 6, 5, 1, 1));
    expect((await posture('?date=2026-03-04')).overall).toEqual(score(50, 6, 5, 1, 1));
    const d2 = await posture(`?date=${D2}`);
    // 7 / 12 = 58.33...
    expect(d2.overall).toEqual(score(58.3, 7, 4, 1, 1));
    expect(domains(d2).iam).toEqual(score(100, 5, 0, 0, 1));
    expect(d2.openFindings).toEqual(severities({ HIGH: 1, LOW: 3 }));
    expect((await posture('?date=2026-03-08')).overall).toEqual(score(58.3, 7, 4, 1, 1));
    expect((await posture(`?date=${D3}`)).overall).toEqual(score(83.3, 10, 2, 0, 1));
  });

  it('defaults to today: the latest recorded state', async () => {
    const body = await posture('');
    expect(body.date).toBe(new Date().toISOString().slice(0, 10));
    expect(body.overall).toEqual(score(83.3, 10, 2, 0, 1));
  });

  it('answers a day before any data with null scores and zero counts', async () => {
    const body = await posture('?date=2026-03-01');
    expect(body.overall).toEqual(NO_DATA);
    expect(body.unmapped).toEqual(NO_DATA);
    expect(Object.values(domains(body))).toEqual(Array(5).fill(NO_DATA));
    expect(body.openFindings).toEqual(NONE);
  });

  it('narrows to one source', async () => {
    const sh = await posture(`?date=${D1}&source=securityhub`);
    expect(sh.overall).toEqual(score(62.5, 5, 3, 0, 1));
    expect(domains(sh).iam).toEqual(score(75, 3, 1, 0, 1));
    expect(sh.openFindings).toEqual(severities({ HIGH: 2, LOW: 3 }));
    const config = await posture(`?date=${D1}&source=config`);
    expect(config.overall).toEqual(score(25, 1, 2, 1));
    expect(domains(config)).toMatchObject({ iam: score(100, 1, 0), infrastructure: score(0, 0, 2, 1), detective: NO_DATA });
    expect(config.openFindings).toEqual(NONE);
  });

  it('narrows to one region', async () => {
    const east = await posture(`?date=${D1}&region=us-east-1`);
    expect(east.overall).toEqual(score(66.7, 2, 1));
    expect(domains(east).iam).toEqual(score(66.7, 2, 1));
    expect(east.unmapped).toEqual(NO_DATA);
    expect((await posture(`?date=${D1}&region=eu-west-1`)).overall).toEqual(score(50, 1, 1));
    expect((await posture(`?date=${D2}&region=eu-west-1`)).overall).toEqual(NO_DATA);
    expect((await posture(`?date=${D1}&region=ap-south-1`)).overall).toEqual(NO_DATA);
  });
});

describe('GET /api/v1/posture for one account', () => {
  it("reads the account's rows in force on the day", async () => {
    const d1 = await posture(`?accountId=${A}&date=${D1}`);
    expect(d1.overall).toEqual(score(62.5, 5, 3, 0, 1));
    expect(domains(d1)).toEqual({
      iam: score(75, 3, 1, 0, 1),
      detective: score(50, 1, 1),
      infrastructure: NO_DATA,
      'data-protection': NO_DATA,
      'incident-response': NO_DATA,
    });
    expect(d1.unmapped).toEqual(score(50, 1, 1));
    expect(d1.openFindings).toEqual(severities({ HIGH: 2, LOW: 3 }));
    // The D1 row of iam ends on D2 (to_day = D2): D2 shows the next row.
    const d2 = await posture(`?accountId=${A}&date=${D2}`);
    expect(d2.overall).toEqual(score(75, 6, 2, 0, 1));
    expect(domains(d2).iam).toEqual(score(100, 4, 0, 0, 1));
    expect((await posture(`?accountId=${A}&date=2026-03-04`)).overall).toEqual(score(62.5, 5, 3, 0, 1));
  });

  it('narrows an account to a region and to a source', async () => {
    expect((await posture(`?accountId=${A}&date=${D1}&region=us-east-1`)).overall).toEqual(score(66.7, 2, 1));
    // A row that ended without a successor is no longer in force.
    expect((await posture(`?accountId=${A}&date=2026-03-04&region=eu-west-1`)).overall).toEqual(score(50, 1, 1));
    expect((await posture(`?accountId=${A}&date=${D2}&region=eu-west-1`)).overall).toEqual(score(null, 0, 0));
    expect((await posture(`?accountId=${A}&date=${D1}&source=config`)).overall).toEqual(score(100, 1, 0));
    // 4 / 7 = 57.14...
    expect((await posture(`?accountId=${A}&date=${D1}&source=securityhub`)).overall).toEqual(score(57.1, 4, 3, 0, 1));
  });

  it('pools another account differently: one large failing domain weighs its pairs', async () => {
    const b = await posture(`?accountId=${B}&date=${D1}`);
    expect(b.overall).toEqual(score(25, 1, 2, 1));
    expect(domains(b)).toMatchObject({ iam: score(100, 1, 0), infrastructure: score(0, 0, 2, 1) });
    expect((await posture(`?accountId=${B}&date=${D3}`)).overall).toEqual(score(100, 4, 0));
  });

  it('answers null for a known account without data, 404 for an unknown one', async () => {
    expect((await posture(`?accountId=${C}&date=${D1}`)).overall).toEqual(NO_DATA);
    expect((await posture(`?accountId=${A}&date=2026-03-01`)).overall).toEqual(NO_DATA);
    const res = await t.get('/api/v1/posture?accountId=999999999999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) as string } });
  });

  it.each([
    ['a short account id', '?accountId=1234'],
    ['a non-numeric account id', '?accountId=abcdefghijkl'],
    ['an unknown region format', '?region=mars'],
    ['an unknown source', '?source=guardduty'],
    ['a malformed date', '?date=2026-3-1'],
    ['an impossible date', '?date=2026-02-30'],
    ['a future date', '?date=2999-01-01'],
  ])('refuses %s with 400', async (_label, query) => {
    expectBadRequest(await t.get(`/api/v1/posture${query}`));
  });

  it('needs a credential', async () => {
    expect((await t.http.get('/api/v1/posture')).status).toBe(401);
  });
});

type AccountItem = { accountId: string; name: string; overall: ScoreBody; domains: (ScoreBody & { key: string })[]; openFindings: typeof NONE };

describe('GET /api/v1/accounts', () => {
  it('lists every account with rows on the day, with its scores', async () => {
    const res = await t.get(`/api/v1/accounts?date=${D1}`);
    expect(res.status).toBe(200);
    const items = (res.body as { items: AccountItem[] }).items;
    expect(items.map((i) => [i.accountId, i.name, i.overall])).toEqual([
      [A, 'Alpha', score(62.5, 5, 3, 0, 1)],
      [B, 'Beta', score(25, 1, 2, 1)],
    ]);
    expect(domains(items[0]!)).toMatchObject({ iam: score(75, 3, 1, 0, 1), detective: score(50, 1, 1) });
    expect(items[0]!.openFindings).toEqual(severities({ HIGH: 2, LOW: 3 }));
    expect(domains(items[1]!).infrastructure).toEqual(score(0, 0, 2, 1));
  });

  it('follows each account through its own changes', async () => {
    const d2 = (await t.get(`/api/v1/accounts?date=${D2}`)).body as { items: AccountItem[] };
    expect(d2.items.map((i) => i.overall.score)).toEqual([75, 25]);
    const today = (await t.get('/api/v1/accounts')).body as { items: AccountItem[] };
    expect(today.items.map((i) => i.overall.score)).toEqual([75, 100]);
    expect(((await t.get('/api/v1/accounts?date=2026-03-01')).body as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses a bad date with 400', async () => {
    expectBadRequest(await t.get('/api/v1/accounts?date=yesterday'));
    expectBadRequest(await t.get('/api/v1/accounts?date=2999-12-31'));
  });
});

type ControlBody = { controlId: string; severity: string | null; domain: string | null; status: string; failedResources: number; failingSince: string | null };

describe('GET /api/v1/accounts/:accountId', () => {
  it('gives the scores and the controls in force on the day, failing and severe first', async () => {
    const res = await t.get(`/api/v1/accounts/${A}?date=${D1}`);
    expect(res.status).toBe(200);
    const body = res.body as PostureBody & { accountId: string; name: string; controls: ControlBody[] };
    expect(body).toMatchObject({ accountId: A, name: 'Alpha', overall: score(62.5, 5, 3, 0, 1), unmapped: score(50, 1, 1) });
    expect(domains(body).iam).toEqual(score(75, 3, 1, 0, 1));
    expect(body.controls.map((c) => [c.controlId, c.status, c.severity, c.domain, c.failedResources, c.failingSince])).toEqual([
      ['IAM.1', 'FAILED', 'CRITICAL', 'iam', 3, D1],
      // Failing since February although its resource count changed on D1; its override was in force on D1.
      ['CloudTrail.1', 'FAILED', 'MEDIUM', 'incident-response', 5, '2026-02-20'],
      ['Unmapped.1', 'UNKNOWN', 'LOW', null, 0, null],
      ['IAM.2', 'PASSED', 'HIGH', 'iam', 0, null],
    ]);
    expect(body.controls[0]).toMatchObject({ title: 'Control IAM.1' });
  });

  it('applies the domain overrides in force on the day', async () => {
    const body = (await t.get(`/api/v1/accounts/${A}?date=${D2}`)).body as { controls: ControlBody[] };
    expect(body.controls.map((c) => [c.controlId, c.status, c.domain])).toEqual([
      ['CloudTrail.1', 'FAILED', 'detective'],
      ['Unmapped.1', 'UNKNOWN', null],
      ['IAM.1', 'PASSED', 'iam'],
      ['IAM.2', 'PASSED', 'detective'],
    ]);
    const before = (await t.get(`/api/v1/accounts/${A}?date=2026-02-25`)).body as PostureBody & { controls: ControlBody[] };
    expect(before.overall).toEqual(NO_DATA);
    expect(before.controls).toEqual([
      { controlId: 'CloudTrail.1', title: 'Control CloudTrail.1', severity: 'MEDIUM', domain: 'detective', status: 'FAILED', failedResources: 2, failingSince: '2026-02-20' },
    ]);
  });

  it('answers 404 for an unknown account and 400 for a malformed one', async () => {
    expect((await t.get('/api/v1/accounts/999999999999')).status).toBe(404);
    expectBadRequest(await t.get('/api/v1/accounts/12345'));
    expectBadRequest(await t.get(`/api/v1/accounts/${A}?date=2026-13-01`));
  });
});

type ControlSummary = { controlId: string; domain: string | null; passed: number; failed: number; unknown: number; noData: number };

describe('GET /api/v1/controls', () => {
  async function controls(query: string): Promise<ControlSummary[]> {
    const res = await t.get(`/api/v1/controls${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as { items: ControlSummary[] }).items;
  }
  const brief = (items: ControlSummary[]) => items.map((i) => [i.controlId, i.domain, i.passed, i.failed, i.unknown, i.noData]);

  it('counts accounts per status organisation-wide, most failed first, with the domain of that day', async () => {
    expect(brief(await controls(`?date=${D1}`))).toEqual([
      ['config:restricted-ssh', 'infrastructure', 0, 2, 0, 0],
      ['CloudTrail.1', 'incident-response', 0, 1, 0, 1],
      ['IAM.1', 'iam', 1, 1, 0, 0],
      ['IAM.2', 'iam', 2, 0, 0, 0],
      ['Unmapped.1', null, 0, 0, 1, 0],
    ]);
    const d3 = await controls(`?date=${D3}`);
    expect(d3.map((i) => i.controlId)).toEqual(['CloudTrail.1', 'IAM.1', 'IAM.2', 'Unmapped.1', 'config:restricted-ssh']);
    // 2026-03-04 shows D1.
    expect(brief(await controls('?date=2026-03-04'))).toEqual(brief(await controls(`?date=${D1}`)));
    expect(await controls('?date=2026-03-01')).toEqual([]);
  });

  it('filters by domain and by status', async () => {
    expect((await controls(`?date=${D1}&domain=iam`)).map((i) => i.controlId)).toEqual(['IAM.1', 'IAM.2']);
    expect((await controls(`?date=${D2}&domain=detective`)).map((i) => i.controlId)).toEqual(['CloudTrail.1', 'IAM.2']);
    expect((await controls(`?date=${D1}&domain=unmapped`)).map((i) => i.controlId)).toEqual(['Unmapped.1']);
    expect((await controls(`?date=${D1}&status=FAILED`)).map((i) => i.controlId)).toEqual(['config:restricted-ssh', 'CloudTrail.1', 'IAM.1']);
    expect((await controls(`?date=${D1}&status=NO_DATA`)).map((i) => i.controlId)).toEqual(['CloudTrail.1']);
  });

  it("counts one account's pairs as 0 or 1", async () => {
    expect(brief(await controls(`?accountId=${A}&date=${D1}`))).toEqual([
      ['CloudTrail.1', 'incident-response', 0, 1, 0, 0],
      ['IAM.1', 'iam', 0, 1, 0, 0],
      ['IAM.2', 'iam', 1, 0, 0, 0],
      ['Unmapped.1', null, 0, 0, 1, 0],
    ]);
    expect((await controls(`?accountId=${A}&date=${D2}&status=PASSED`)).map((i) => i.controlId)).toEqual(['IAM.1', 'IAM.2']);
    expect((await controls(`?accountId=${A}&date=${D2}&domain=detective`)).map((i) => i.controlId)).toEqual(['CloudTrail.1', 'IAM.2']);
    expect(await controls(`?accountId=${C}`)).toEqual([]);
  });

  it.each([
    ['an unknown domain', '?domain=network'],
    ['an unknown status', '?status=BROKEN'],
    ['a bad account id', '?accountId=12'],
    ['a bad date', '?date=2026-01-32'],
  ])('refuses %s with 400', async (_label, query) => {
    expectBadRequest(await t.get(`/api/v1/controls${query}`));
  });

  it('answers 404 for an unknown account', async () => {
    expect((await t.get('/api/v1/controls?accountId=999999999999')).status).toBe(404);
  });
});
