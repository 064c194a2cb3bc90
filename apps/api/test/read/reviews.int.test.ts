import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIsoWeek, isoWeekOf, lastFullWeekBefore, previousWeek } from '@pillar/domain';
import {
  insertAccountDays,
  insertAccounts,
  insertControls,
  insertDomainOverride,
  insertFindingHistory,
  insertFindings,
  insertFindingStates,
  insertOrgDays,
  insertPairHistory,
  insertRecordedDays,
  type FindingInput,
  type FindingStateName,
} from '@pillar/testkit';
import { expectBadRequest, readTestApp, score, type ReadTestApp } from './setup.ts';

// Week W = 2026-W10: Monday 2026-03-02 .. Sunday 2026-03-08 (S2); W-1 ends Sunday 2026-03-01 (S1).
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const TODAY = new Date().toISOString().slice(0, 10);

type ScoreBody = ReturnType<typeof score>;
type Change = { current: ScoreBody; previous: ScoreBody; delta: number | null };
type Pair = { accountId: string; controlId: string; domain: string | null; title: string; severity: string | null };
type Item = { id: string; title: string; accountId: string; severity: string; complianceStatus: string | null; workflowStatus: string; recordState: string };
type List = { count: number; items: Item[] };
type Review = {
  week: string;
  from: string;
  to: string;
  previousWeek: string;
  overall: Change;
  domains: (Change & { key: string; name: string })[];
  accounts: (Change & { accountId: string; name: string })[];
  newlyFailing: Pair[];
  noLongerFailing: Pair[];
  newFindings: List;
  resolvedFindings: List;
  suppressedFindings: List;
};

let t: ReadTestApp;
const f: Record<string, string> = {};

beforeAll(async () => {
  t = await readTestApp();
  const prisma = t.db.prisma;
  await insertAccounts(prisma, { id: A, name: 'Alpha' }, { id: B, name: 'Beta' }, { id: C, name: 'Gamma' });
  await insertControls(
    prisma,
    { id: 'P.1', severity: 'HIGH', domain: 'iam' },
    { id: 'P.2', severity: 'MEDIUM', domain: 'iam' },
    { id: 'P.3', severity: 'LOW', domain: 'detective' },
    { id: 'P.4', severity: 'CRITICAL', domain: null },
    { id: 'P.5', severity: 'HIGH', domain: 'iam' },
    { id: 'P.6', severity: 'HIGH', domain: 'iam' },
    { id: 'P.7', severity: 'HIGH', domain: 'iam' },
  );
  // P.1 is data protection from the middle of W: the lists show the domain at the end of W.
  await insertDomainOverride(prisma, { controlId: 'P.1', domain: 'data-protection', effectiveFrom: '2026-03-06' });

  await insertRecordedDays(prisma, ['2026-02-25', '2026-03-04', '2026-03-08']);
  await insertOrgDays(
    prisma,
    { day: '2026-02-25', domain: 'iam', passed: 3, failed: 1 },
    { day: '2026-02-25', domain: 'detective', passed: 1, failed: 1 },
    { day: '2026-03-04', domain: 'iam', passed: 2, failed: 2 },
    { day: '2026-03-08', domain: 'iam', passed: 1, failed: 3 },
    { day: '2026-03-08', domain: 'detective', passed: 2 },
  );
  await insertAccountDays(
    prisma,
    { accountId: A, domain: 'iam', passed: 3, fromDay: '2026-02-20', toDay: '2026-03-04' },
    { accountId: A, domain: 'iam', passed: 1, failed: 2, fromDay: '2026-03-04' },
    { accountId: B, domain: 'iam', failed: 1, fromDay: '2026-02-20' },
    { accountId: B, domain: 'detective', passed: 1, failed: 1, fromDay: '2026-02-20', toDay: '2026-03-06' },
    { accountId: B, domain: 'detective', passed: 2, fromDay: '2026-03-06' },
    { accountId: C, domain: 'iam', passed: 1, fromDay: '2026-03-05' },
  );

  const pair = (accountId: string, controlId: string, steps: [string, 'PASSED' | 'FAILED' | 'UNKNOWN' | 'NO_DATA', number?][]) =>
    insertPairHistory(prisma, { accountId, controlId }, steps.map(([from, status, failedResources]) => ({ from, status, failedResources })));
  await pair(A, 'P.1', [['2026-02-20', 'PASSED'], ['2026-03-04', 'FAILED']]); // newly failing
  await pair(A, 'P.2', [['2026-02-20', 'FAILED'], ['2026-03-03', 'PASSED'], ['2026-03-06', 'FAILED']]); // failed at both ends
  await pair(A, 'P.3', [['2026-02-20', 'FAILED'], ['2026-03-05', 'PASSED']]); // no longer failing
  await pair(B, 'P.1', [['2026-03-07', 'FAILED']]); // newly failing: did not exist at the end of W-1
  await pair(B, 'P.4', [['2026-02-20', 'FAILED'], ['2026-03-05', 'NO_DATA']]); // no longer failing
  await pair(B, 'P.5', [['2026-02-20', 'PASSED'], ['2026-03-09', 'FAILED']]); // fails after W
  await pair(A, 'P.6', [['2026-02-20', 'FAILED', 1], ['2026-03-04', 'FAILED', 4]]); // only its resource count moved
  await pair(A, 'P.7', [['2026-02-25', 'UNKNOWN'], ['2026-03-01', 'FAILED']]); // failing since the end of W-1
  // A region's own rows never make a pair change: only the all-region rows count.
  await insertPairHistory(prisma, { accountId: A, controlId: 'P.6', region: 'us-east-1' }, [
    { from: '2026-02-20', status: 'FAILED' },
    { from: '2026-03-04', status: 'PASSED' },
  ]);

  // `now`: the finding's current row where later pulls changed it (by default ACTIVE, NEW, FAILED).
  // A step's severity is the one recorded with it; without one, none is recorded (the current row's shows).
  const finding = async (
    name: string,
    accountId: string,
    firstObservedAt: string,
    steps: [string, FindingStateName, string?][],
    now: Partial<FindingInput> = {},
  ) => {
    const [row] = await insertFindings(prisma, { accountId, title: `finding ${name}`, firstObservedAt: new Date(firstObservedAt), ...now });
    f[name] = String(row!.id);
    await insertFindingHistory(prisma, row!.id, steps.map(([from, state, severityLabel]) => ({ from, state, ...(severityLabel ? { severityLabel } : {}) })));
  };
  // new; re-rated after W (LOW, then CRITICAL) with nothing else changed
  await finding('f1', A, '2026-03-03T12:00:00Z', [['2026-03-03', 'open', 'HIGH'], ['2026-03-11', 'open', 'LOW'], ['2026-03-20', 'open', 'CRITICAL']], {
    severityLabel: 'CRITICAL',
  });
  await finding('f2', A, '2026-03-03T12:00:00Z', [['2026-03-03', 'open'], ['2026-03-06', 'resolved']]); // new and gone in W
  // resolved, then reopened after W (its row is open again)
  await finding('f3', A, '2026-02-10T00:00:00Z', [['2026-02-10', 'open'], ['2026-03-05', 'resolved'], ['2026-03-12', 'open']]);
  // suppressed, resolved after W
  await finding('f4', A, '2026-02-10T00:00:00Z', [['2026-02-10', 'open'], ['2026-03-05', 'suppressed'], ['2026-03-11', 'resolved']], { workflowStatus: 'RESOLVED' });
  // resolved (gone), returned by AWS again after W as archived
  await finding('f5', A, '2026-02-10T00:00:00Z', [['2026-02-10', 'open'], ['2026-03-07', 'gone'], ['2026-03-10', 'archived']], { recordState: 'ARCHIVED' });
  await finding('f6', A, '2026-02-10T00:00:00Z', [['2026-02-10', 'open']]); // still open
  await finding('f7', A, '2026-03-09T00:00:00Z', [['2026-03-09', 'open']]); // observed after W
  // resolved (passed: Security Hub lowered it to INFORMATIONAL), failing again after W at HIGH
  await finding(
    'f8',
    A,
    '2026-02-10T00:00:00Z',
    [['2026-02-10', 'open', 'HIGH'], ['2026-03-02', 'passed', 'INFORMATIONAL'], ['2026-03-10', 'open', 'HIGH']],
    { severityLabel: 'HIGH' },
  );
  // resolved (archived), in Beta; ACTIVE again after W
  await finding('f13', B, '2026-02-10T00:00:00Z', [['2026-02-10', 'open'], ['2026-03-06', 'archived'], ['2026-03-10', 'open']]);
  await finding('f9', B, '2026-03-04T08:00:00Z', [['2026-03-04', 'open']]); // new, in Beta
  await finding('f10', A, '2026-02-10T00:00:00Z', [['2026-02-10', 'open'], ['2026-02-15', 'suppressed'], ['2026-03-04', 'open']]); // reopened
  await finding('f11', A, '2026-03-08T23:59:59.999Z', [['2026-03-08', 'open']]); // new, the last millisecond of W
  await finding('f12', A, '2026-03-01T23:59:59.999Z', [['2026-03-02', 'open']]); // observed in W-1

  // Week 2026-W12: more new findings than a list shows.
  const many = await insertFindings(
    prisma,
    ...Array.from({ length: 505 }, (_, i) => ({ accountId: C, title: `many ${i}`, firstObservedAt: new Date('2026-03-17T10:00:00Z') })),
  );
  await insertFindingStates(prisma, ...many.map((m) => ({ findingId: m.id, fromDay: '2026-03-17', state: 'open' as const })));
});
afterAll(() => t.close());

async function review(query: string): Promise<Review> {
  const res = await t.get(`/api/v1/reviews/weekly${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Review;
}

const ids = (list: List) => list.items.map((i) => i.id);

describe('GET /api/v1/reviews/weekly for the organisation', () => {
  let r: Review;
  beforeAll(async () => {
    r = await review('?week=2026-W10');
  });

  it('compares the end of W with the end of W-1', () => {
    expect(r).toMatchObject({ week: '2026-W10', from: '2026-03-02', to: '2026-03-08', previousWeek: '2026-W09' });
    // 3 of 6 against 4 of 6: 50 - 66.67 = -16.67.
    expect(r.overall).toEqual({ current: score(50, 3, 3), previous: score(66.7, 4, 2), delta: -16.7 });
    expect(r.domains.map((d) => [d.key, d.current.score, d.previous.score, d.delta])).toEqual([
      ['iam', 25, 75, -50],
      ['detective', 100, 50, 50],
      ['infrastructure', null, null, null],
      ['data-protection', null, null, null],
      ['incident-response', null, null, null],
    ]);
  });

  it('lists accounts biggest regression first, accounts without a delta last', () => {
    expect(r.accounts.map((a) => [a.accountId, a.name, a.current.score, a.previous.score, a.delta])).toEqual([
      [A, 'Alpha', 33.3, 100, -66.7],
      [B, 'Beta', 66.7, 33.3, 33.3],
      [C, 'Gamma', 100, null, null],
    ]);
  });

  it('lists newly failing and no longer failing pairs, not a pair FAILED at both ends of W', () => {
    expect(r.newlyFailing).toEqual([
      { accountId: A, controlId: 'P.1', domain: 'data-protection', title: 'Control P.1', severity: 'HIGH' },
      { accountId: B, controlId: 'P.1', domain: 'data-protection', title: 'Control P.1', severity: 'HIGH' },
    ]);
    expect(r.noLongerFailing.map((p) => [p.accountId, p.controlId, p.domain, p.severity])).toEqual([
      [B, 'P.4', null, 'CRITICAL'],
      [A, 'P.3', 'detective', 'LOW'],
    ]);
    const listed = [...r.newlyFailing, ...r.noLongerFailing].map((p) => `${p.accountId}/${p.controlId}`);
    for (const pair of [`${A}/P.2`, `${B}/P.5`, `${A}/P.6`, `${A}/P.7`]) expect(listed).not.toContain(pair);
  });

  it('lists new, resolved and suppressed findings, newest first', () => {
    expect(r.newFindings.count).toBe(3);
    expect(ids(r.newFindings)).toEqual([f.f11, f.f9, f.f1]);
    expect(r.newFindings.items[0]).toMatchObject({ title: 'finding f11', accountId: A, severity: 'MEDIUM' });
    expect(r.resolvedFindings).toMatchObject({ count: 4 });
    expect(ids(r.resolvedFindings)).toEqual([f.f13, f.f8, f.f5, f.f3]);
    expect(r.suppressedFindings).toMatchObject({ count: 1 });
    expect(ids(r.suppressedFindings)).toEqual([f.f4]);
  });

  it('shows each finding as it was at the end of W, whatever later syncs made of it', () => {
    const statuses = (list: List) =>
      Object.fromEntries(list.items.map((i) => [i.title.replace('finding ', ''), [i.complianceStatus, i.workflowStatus, i.recordState]]));
    expect(statuses(r.newFindings)).toEqual({ f1: ['FAILED', 'NEW', 'ACTIVE'], f9: ['FAILED', 'NEW', 'ACTIVE'], f11: ['FAILED', 'NEW', 'ACTIVE'] });
    expect(statuses(r.resolvedFindings)).toEqual({
      f3: ['FAILED', 'RESOLVED', 'ACTIVE'],
      // Found gone: the compliance, workflow and record state it had when AWS stopped returning it.
      f5: ['FAILED', 'NEW', 'ACTIVE'],
      f8: ['PASSED', 'NEW', 'ACTIVE'],
      f13: ['FAILED', 'NEW', 'ARCHIVED'],
    });
    expect(statuses(r.suppressedFindings)).toEqual({ f4: ['FAILED', 'SUPPRESSED', 'ACTIVE'] });
  });

  it('shows the severity each finding had at the end of W, the current one where none was recorded', () => {
    const severities = (list: List) => Object.fromEntries(list.items.map((i) => [i.title.replace('finding ', ''), i.severity]));
    // f1 is CRITICAL now and f8 HIGH again; neither was at the end of W.
    expect(severities(r.newFindings)).toEqual({ f1: 'HIGH', f9: 'MEDIUM', f11: 'MEDIUM' });
    expect(severities(r.resolvedFindings)).toEqual({ f3: 'MEDIUM', f5: 'MEDIUM', f8: 'INFORMATIONAL', f13: 'MEDIUM' });
    expect(severities(r.suppressedFindings)).toEqual({ f4: 'MEDIUM' });
  });

  it('reads the record state of a finding archived at the end of W from its state then', async () => {
    const b = await review(`?week=2026-W10&accountId=${B}`);
    expect(b.resolvedFindings.items.map((i) => [i.id, i.complianceStatus, i.workflowStatus, i.recordState])).toEqual([[f.f13, 'FAILED', 'NEW', 'ARCHIVED']]);
  });

  it('caps each list at 500 items while its count stays exact', async () => {
    const w12 = await review('?week=2026-W12');
    expect(w12.newFindings.count).toBe(505);
    expect(w12.newFindings.items).toHaveLength(500);
  });
});

describe('GET /api/v1/reviews/weekly for one account', () => {
  it("narrows scores, pairs and findings to the account", async () => {
    const r = await review(`?week=2026-W10&accountId=${A}`);
    expect(r.overall).toEqual({ current: score(33.3, 1, 2), previous: score(100, 3, 0), delta: -66.7 });
    expect(r.domains[0]).toMatchObject({ key: 'iam', delta: -66.7 });
    expect(r.accounts.map((a) => [a.accountId, a.delta])).toEqual([[A, -66.7]]);
    expect(r.newlyFailing.map((p) => p.controlId)).toEqual(['P.1']);
    expect(r.noLongerFailing.map((p) => p.controlId)).toEqual(['P.3']);
    expect(ids(r.newFindings)).toEqual([f.f11, f.f1]);
    expect(ids(r.resolvedFindings)).toEqual([f.f8, f.f5, f.f3]);
    expect(ids(r.suppressedFindings)).toEqual([f.f4]);
  });

  it('answers 404 for an unknown account', async () => {
    expect((await t.get('/api/v1/reviews/weekly?accountId=999999999999')).status).toBe(404);
  });
});

describe('weeks', () => {
  it('defaults to the last full week', async () => {
    const expected = lastFullWeekBefore(TODAY);
    const r = await review('');
    expect(r.week).toBe(formatIsoWeek(expected));
    expect(r.previousWeek).toBe(formatIsoWeek(previousWeek(expected)));
  });

  it('ends the current week today', async () => {
    const r = await review(`?week=${formatIsoWeek(isoWeekOf(TODAY))}`);
    expect(r.to).toBe(TODAY);
  });

  it.each([
    ['a week that has not started', '?week=2999-W01'],
    ['a malformed week', '?week=2026-10'],
    ['week 54', '?week=2026-W54'],
    ['week 53 of a 52-week year', '?week=2025-W53'],
    ['week 0', '?week=2026-W00'],
    ['a bad account id', '?accountId=x'],
  ])('refuses %s with 400', async (_label, query) => {
    expectBadRequest(await t.get(`/api/v1/reviews/weekly${query}`));
  });
});

describe('meeting notes', () => {
  it('renders Markdown with a summary, domain deltas, regressions and the lists', async () => {
    const res = await t.http.get('/api/v1/reviews/weekly?week=2026-W10').set(t.viewer).set('accept', 'text/markdown');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="weekly-review-2026-W10.md"');
    const md = res.text;
    expect(md).toContain('# Weekly security review 2026-W10');
    expect(md).toContain(
      'Overall score for the organisation: 50.0 at the end of 2026-W10 against 66.7 at the end of 2026-W09 (-16.7, down). ' +
        '2 controls newly failing, 2 no longer failing; 3 new findings, 4 resolved, 1 suppressed.',
    );
    expect(md).toContain('| Identity and Access Management | 25.0 | 75.0 | -50.0 |');
    expect(md).toContain('| Detective Controls | 100.0 | 50.0 | +50.0 |');
    expect(md).toContain(`| ${A} | Alpha | 33.3 | 100.0 | -66.7 |`);
    expect(md).not.toContain(`| ${B} | Beta |`);
    expect(md).toContain(`| ${B} | P.4 | CRITICAL | unmapped | Control P.4 |`);
    expect(md).toContain('## Suppressed findings (1)');
    expect(md).toContain(`| MEDIUM | ${A} | — | finding f4 |`);
  });

  it('renders CSV with one row per item', async () => {
    const res = await t.http.get(`/api/v1/reviews/weekly?week=2026-W10&accountId=${A}`).set(t.viewer).set('accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="weekly-review-2026-W10-${A}.csv"`);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,key,name,accountId,controlId,findingId,severity,domain,title,current,previous,delta');
    expect(lines[1]).toBe('overall,overall,Overall,,,,,,,33.3,100,-66.7');
    expect(lines).toContain(`account,,Alpha,${A},,,,,,33.3,100,-66.7`);
    expect(lines).toContain(`newly_failing,,,${A},P.1,,HIGH,data-protection,Control P.1,,,`);
    expect(lines).toContain(`no_longer_failing,,,${A},P.3,,LOW,detective,Control P.3,,,`);
    expect(lines).toContain(`suppressed_finding,,,${A},,${f.f4},MEDIUM,,finding f4,,,`);
    expect(lines.filter((l) => l.startsWith('new_finding,'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('resolved_finding,'))).toHaveLength(3);
    expect(lines).toHaveLength(1 + 1 + 5 + 1 + 1 + 1 + 2 + 3 + 1);
  });
});
