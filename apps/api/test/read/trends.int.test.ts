import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, seedHistory } from './history-fixture.ts';
import { DOMAIN_ORDER, expectBadRequest, readTestApp, score, type ReadTestApp } from './setup.ts';

type ScoreBody = { score: number | null; passed: number; failed: number; unknown: number; noData: number };
type Point = { date: string; overall: ScoreBody; domains: (ScoreBody & { key: string; name: string })[] };
type TrendBody = { interval: string; from: string; to: string; points: Point[] };

let t: ReadTestApp;

beforeAll(async () => {
  t = await readTestApp();
  await seedHistory(t.db.prisma);
});
afterAll(() => t.close());

async function trends(query: string): Promise<TrendBody> {
  const res = await t.get(`/api/v1/trends${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as TrendBody;
}

const NO_DATA = score(null, 0, 0);
const D1_ORG = score(50, 6, 5, 1, 1);
const D2_ORG = score(58.3, 7, 4, 1, 1);
const D3_ORG = score(83.3, 10, 2, 0, 1);

describe('GET /api/v1/trends', () => {
  it('gives one point a day, carrying each recorded day forward, null before the first', async () => {
    const body = await trends('?from=2026-02-28&to=2026-03-10');
    expect(body).toMatchObject({ interval: 'day', from: '2026-02-28', to: '2026-03-10' });
    expect(body.points.map((p) => [p.date, p.overall])).toEqual([
      ['2026-02-28', NO_DATA],
      ['2026-03-01', NO_DATA],
      ['2026-03-02', D1_ORG],
      ['2026-03-03', D1_ORG],
      ['2026-03-04', D1_ORG],
      ['2026-03-05', D2_ORG],
      ['2026-03-06', D2_ORG],
      ['2026-03-07', D2_ORG],
      ['2026-03-08', D2_ORG],
      ['2026-03-09', D3_ORG],
      ['2026-03-10', D3_ORG],
    ]);
    const d2 = body.points[5]!;
    expect(d2.domains.map((d) => d.key)).toEqual(DOMAIN_ORDER);
    expect(d2.domains.map((d) => d.score)).toEqual([100, 50, 0, null, null]);
  });

  it('starts a range after the first recorded day with the state carried into it', async () => {
    const body = await trends('?from=2026-03-07&to=2026-03-09');
    expect(body.points.map((p) => p.overall)).toEqual([D2_ORG, D2_ORG, D3_ORG]);
  });

  it("gives one point per ISO week, on its Sunday, with that day's value", async () => {
    const body = await trends('?from=2026-02-25&to=2026-03-10&interval=week');
    expect(body.interval).toBe('week');
    expect(body.points.map((p) => [p.date, p.overall])).toEqual([
      ['2026-03-01', NO_DATA],
      ['2026-03-08', D2_ORG],
      ['2026-03-15', D3_ORG],
    ]);
  });

  it('ends the current week today', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const body = await trends(`?from=${today}&to=${today}&interval=week`);
    expect(body.points).toEqual([expect.objectContaining({ date: today, overall: D3_ORG })]);
  });

  it('defaults to the last 90 days', async () => {
    const body = await trends('');
    expect(body.points).toHaveLength(90);
    expect(body.points.at(-1)!.date).toBe(new Date().toISOString().slice(0, 10));
    expect(body.points.at(-1)!.overall).toEqual(D3_ORG);
  });

  it("follows one account's own intervals", async () => {
    const body = await trends(`?from=2026-03-01&to=2026-03-06&accountId=${A}`);
    const a1 = score(62.5, 5, 3, 0, 1);
    const a2 = score(75, 6, 2, 0, 1);
    expect(body.points.map((p) => p.overall)).toEqual([NO_DATA, a1, a1, a1, a2, a2]);
    expect(body.points[1]!.domains.map((d) => d.score)).toEqual([75, 50, null, null, null]);
    const weeks = await trends(`?from=2026-03-02&to=2026-03-09&interval=week&accountId=${A}`);
    expect(weeks.points.map((p) => [p.date, p.overall.score])).toEqual([
      ['2026-03-08', 75],
      ['2026-03-15', 75],
    ]);
  });

  it('accepts 366 days and refuses 367', async () => {
    expect((await trends('?from=2025-03-01&to=2026-03-01')).points).toHaveLength(366);
    expectBadRequest(await t.get('/api/v1/trends?from=2025-02-28&to=2026-03-01'));
  });

  it.each([
    ['from after to', '?from=2026-03-05&to=2026-03-01'],
    ['a future to', '?to=2999-01-01'],
    ['a future from', '?from=2999-01-01&to=2999-01-02'],
    ['a malformed from', '?from=03/01/2026'],
    ['an unknown interval', '?interval=month'],
    ['a bad account id', '?accountId=abc'],
  ])('refuses %s with 400', async (_label, query) => {
    expectBadRequest(await t.get(`/api/v1/trends${query}`));
  });

  it('answers 404 for an unknown account', async () => {
    expect((await t.get('/api/v1/trends?accountId=999999999999')).status).toBe(404);
  });
});
