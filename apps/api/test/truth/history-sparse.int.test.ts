// History against SCORING.md "Time" with gaps and late records: the same simulated week as
// history.int.test.ts (same seed and story), synced only as of D1 and D8, then once more as of D4 (earlier than
// the latest recorded day). Days without a sync carry the last recorded state forward; recording an earlier day
// recomputes the carried days after it, up to the next recorded day, which keeps its own state. Then the
// simulator runs two more days (re-rating some GuardDuty findings listed in the review of W, nothing else of them
// changed) and their state is recorded as of D6, between D4 and D8.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D1, D8, DAYS, expectFailingSince, expectFindingItemsAtEndOfW, simulateWeek, WEEK, weekTests, type Week } from './week.ts';
import { postureOf, type PostureBody, type ReviewBody, type TrendsBody } from './setup.ts';

const D4 = '2025-06-04';
const day2 = (d: Date): string => d.toISOString().slice(0, 10);
const D6 = '2025-06-06';
let week: Week;
let before: TrendsBody;

beforeAll(async () => {
  week = await simulateWeek(3, () => false);
  before = await week.api.get<TrendsBody>(`/api/v1/trends?from=${D1}&to=${D8}`);
  await week.record('incremental', D4);
}, 400_000);

afterAll(async () => {
  await week?.close();
});

describe('a week synced on D1 and D8 only, then as of D4', () => {
  it('carried D1 forward to D7 before the late record', () => {
    const d1 = before.points[0];
    expect(before.points.map((x) => x.date)).toEqual(DAYS);
    for (const point of before.points.slice(0, 7)) expect(point.overall, point.date).toEqual(d1?.overall);
    expect(before.points[7]?.overall).toEqual(week.truths.get(D8)?.posture().overall);
    expect(before.points[7]?.overall).not.toEqual(d1?.overall);
  });

  it('shows the state recorded as of D4 from D4 to D7, and D8 as it was', async () => {
    expect(week.recorded).toEqual([D1, D4, D8]);
    for (const day of DAYS) {
      const expected = week.truths.get(day < D4 ? D1 : day < D8 ? D4 : D8)?.posture();
      expect(postureOf(await week.api.get<PostureBody>(`/api/v1/posture?date=${day}`)), day).toEqual(expected);
    }
  });
});

weekTests(() => week);

describe('two more simulated days, recorded as of D6', () => {
  let review: ReviewBody;
  /** Pillar id -> [AWS Id, severity at the end of W] of the findings re-rated to LOW. */
  const rerated = new Map<string, [string, string]>();

  beforeAll(async () => {
    review = await week.api.get<ReviewBody>(`/api/v1/reviews/weekly?week=${WEEK}`);
    // The new GuardDuty findings of W (the incident's, HIGH) get a new severity and nothing else.
    const picked = review.newFindings.items.filter((i) => i.productArn.endsWith('/aws/guardduty') && i.severity !== 'LOW').slice(0, 3);
    const rows = await week.p.db.prisma.finding.findMany({ where: { id: { in: picked.map((i) => BigInt(i.id)) } }, select: { id: true, findingId: true } });
    const awsIds = new Map(rows.map((r) => [String(r.id), r.findingId]));
    for (const item of picked) rerated.set(item.id, [awsIds.get(item.id) ?? '', item.severity]);
    expect(rerated.size).toBe(3);
    const rescore = Object.fromEntries([...rerated.values()].map(([awsId]) => [awsId, 'LOW']));
    week.p.sim.advanceDay({ improve: ['infrastructure'], regress: ['iam'], rescore });
    week.p.sim.advanceDay({ improve: ['infrastructure'], regress: ['iam'] });
    await week.record('incremental', D6);
  }, 120_000);

  it('shows D6 and D7 as recorded, every other day as before', async () => {
    expect(week.recorded).toEqual([D1, D4, D6, D8]);
    const body = await week.api.get<TrendsBody>(`/api/v1/trends?from=${D1}&to=2025-06-10`);
    for (const point of body.points) expect(point.overall, point.date).toEqual(week.on(point.date).posture().overall);
    expect(week.on(D6).posture().overall).not.toEqual(week.on(D8).posture().overall);
  });

  it("recomputes failing since on D8, where a run now starts later or earlier", async () => {
    // Pairs failing on D4 and D8 but not on D6: D6 broke their run, so on D8 they fail since D8.
    const broken = week.on(D8).pairs.filter((x) => x.status === 'FAILED' && week.on(D6).pair(x.accountId, x.controlId)?.status !== 'FAILED' && week.on(D4).pair(x.accountId, x.controlId)?.status === 'FAILED');
    expect(broken.length).toBeGreaterThan(0);
    await expectFailingSince(week, D8);
    await expectFailingSince(week, D6);
  });

  it('keeps the review of W, whose ends were not recorded again: scores, pairs and each finding as it was then', async () => {
    const again = await week.api.get<ReviewBody>(`/api/v1/reviews/weekly?week=${WEEK}`);
    // Title, resources and updatedAt have no history: they are the latest AWS sent (updatedAt moves with every
    // change). Everything else, severity included, is as it was at the end of W.
    const historic = (r: ReviewBody) => {
      const list = (l: ReviewBody['newFindings']) => ({
        count: l.count,
        items: l.items.map(({ title: _t, resources: _r, updatedAt: _u, ...rest }) => rest).sort((a, b) => (a.id < b.id ? -1 : 1)),
      });
      return { ...r, newFindings: list(r.newFindings), resolvedFindings: list(r.resolvedFindings), suppressedFindings: list(r.suppressedFindings) };
    };
    expect(historic(again)).toEqual(historic(review));
    // The later pulls changed the state of some of the findings listed, and the severity of more (the re-rated
    // ones, and control checks that passed or failed since): the items still show the end of W.
    const changes = await expectFindingItemsAtEndOfW(week, again);
    expect(changes.changed).toBeGreaterThan(0);
    expect(changes.severityChanged).toBeGreaterThanOrEqual(rerated.size);
    for (const [id, [, severity]] of rerated) {
      expect(again.newFindings.items.find((i) => i.id === id)?.severity, id).toBe(severity);
    }
  });

  it('records the re-rating as the finding state of D6 up to D8, which keeps the severity of the end of W', async () => {
    let alone = 0;
    for (const [id, [awsId, severity]] of rerated) {
      const now = await week.p.db.prisma.finding.findUniqueOrThrow({ where: { id: BigInt(id) }, select: { severityLabel: true, findingId: true } });
      expect([now.findingId, now.severityLabel]).toEqual([awsId, 'LOW']);
      const rows = await week.p.db.prisma.findingState.findMany({ where: { findingId: BigInt(id) }, orderBy: { fromDay: 'asc' } });
      const at = (day: string) => rows.find((r) => day2(r.fromDay) <= day && (r.toDay === null || day2(r.toDay) > day));
      expect([at(D6)?.severityLabel, at('2025-06-07')?.severityLabel, at(D8)?.severityLabel], id).toEqual(['LOW', 'LOW', severity]);
      // Most were only re-rated (the simulator may also have resolved or archived one in those two days).
      const stateOf = (r: (typeof rows)[number] | undefined) => [r?.state, r?.complianceStatus, r?.workflowStatus];
      if (JSON.stringify(stateOf(at(D6))) === JSON.stringify(stateOf(at(D8)))) alone++;
    }
    expect(alone).toBeGreaterThan(0);
  });
});
