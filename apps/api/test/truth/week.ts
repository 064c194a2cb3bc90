// One simulated week for the history tests: D1 is a Sunday (the end of ISO week W-1), D8 the next Sunday (the
// end of W). The simulator advances one day at a time with a story (IAM improves, infrastructure regresses, an
// incident on D4); on D8 AWS stops returning four findings that were open at the end of W-1, and the D8 sync
// is a full reconciliation. After every sync the simulator's state is snapshotted into ground truth, and the
// tests registered by `weekTests` compare trends, past postures, failing-since and the weekly review with it.
import { beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../../worker/test/harness.ts';
import { deltaOf, DOMAINS, domainOfControl, factOf, isOpen, pairKey, ProductView, type Score, type Truth } from './ground-truth.ts';
import { postureOf, scoresOnly, truthApp, type AccountBody, type PostureBody, type ReviewBody, type TrendsBody, type TruthApp } from './setup.ts';

export const D1 = '2025-06-01';
export const D8 = '2025-06-08';
export const WEEK = '2025-W23';
export const MONDAY = '2025-06-02';
export const DAYS = ['2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06', '2025-06-07', '2025-06-08'];
export const INCIDENT_DAY = '2025-06-04';
const STORY = { improve: ['iam'], regress: ['infrastructure'] } as const;

export type Week = {
  p: Pipeline;
  api: TruthApp;
  view: ProductView;
  /** Recorded days, ascending. */
  recorded: string[];
  truths: Map<string, Truth>;
  /** Ids of the findings AWS stopped returning on D8. */
  removed: string[];
  /** The truth a day shows: that of the latest recorded day on or before it (carry-forward). */
  on(day: string): Truth;
  /** Syncs as of `day` (default the simulator's day) and snapshots the truth of that day. */
  record(kind: 'incremental' | 'full', day?: string): Promise<void>;
  close(): Promise<void>;
};

/** Runs the week, syncing on the days `syncOn` names (D1 and D8 always). */
export async function simulateWeek(seed: number, syncOn: (day: string) => boolean): Promise<Week> {
  const p = await startPipeline({ seed, accounts: 12, startDay: D1 });
  const api = await truthApp(p.db);
  const view = new ProductView();
  const truths = new Map<string, Truth>();
  const week: Week = {
    p,
    api,
    view,
    get recorded() {
      return [...truths.keys()].sort();
    },
    truths,
    removed: [],
    on(day) {
      const r = week.recorded.filter((d) => d <= day).at(-1);
      const t = r === undefined ? undefined : truths.get(r);
      if (!t) throw new Error(`nothing recorded on or before ${day}`);
      return t;
    },
    async record(kind, day = p.sim.clock.day) {
      const run = await p.sync({ asOf: day, ...(kind === 'full' ? { full: true } : {}) });
      expect(run.status, day).toBe('succeeded');
      expect(run.as_of).toBe(day);
      truths.set(day, view.sync(p.sim.state(), kind));
    },
    async close() {
      await api.close();
      await p.close();
    },
  };
  await week.record('incremental');
  for (const day of DAYS.slice(1)) {
    p.sim.advanceDay({ ...STORY, ...(day === INCIDENT_DAY ? { incident: { findings: 12 } } : {}) });
    expect(p.sim.clock.day).toBe(day);
    if (day === D8) {
      // AWS stops returning four findings that were open at the end of W-1 and still are.
      const stillOpen = new Set(
        p.sim
          .state()
          .findings()
          .map(factOf)
          .filter((f) => f !== null && isOpen(f))
          .map((f) => f?.key),
      );
      week.removed = week
        .on(D1)
        .facts.filter((f) => isOpen(f) && stillOpen.has(f.key))
        .map((f) => f.id)
        .sort()
        .filter((_, i) => i % 50 === 0)
        .slice(0, 4);
      expect(p.sim.removeFindings(week.removed)).toBe(4);
      await week.record('full');
    } else if (syncOn(day)) {
      await week.record('incremental');
    }
  }
  return week;
}

const score = (s: Score): Score => ({ score: s.score, passed: s.passed, failed: s.failed, unknown: s.unknown, noData: s.noData });

/** `failingSince` of every control of every account on `day`: the first recorded day of the current FAILED run. */
export async function expectFailingSince(w: Week, day: string): Promise<void> {
  const recorded = w.recorded.filter((d) => d <= day);
  for (const accountId of w.on(day).accounts()) {
    const body = await w.api.get<AccountBody>(`/api/v1/accounts/${accountId}?date=${day}`);
    for (const c of body.controls) {
      let since: string | null = null;
      for (const d of [...recorded].reverse()) {
        if (w.on(d).pair(accountId, c.controlId)?.status !== 'FAILED') break;
        since = d;
      }
      expect(c.failingSince, `${accountId} ${c.controlId} on ${day}`).toBe(since);
    }
  }
}

/**
 * Every finding item of the review of W shows the compliance, workflow and record state and the severity the
 * finding had at the end of W (D8's ground truth; a finding found gone keeps what it had when AWS stopped returning
 * it), however its row changed since. Returns how many items no longer have that state (`changed`), and how many no
 * longer have that severity (`severityChanged`), in the latest ground truth.
 */
export async function expectFindingItemsAtEndOfW(w: Week, review: ReviewBody): Promise<{ changed: number; severityChanged: number }> {
  const rows = await w.p.db.prisma.$queryRaw<{ id: string; key: string }[]>`SELECT id::text AS id, product_arn || ' ' || finding_id AS key FROM finding`;
  const keyOf = new Map(rows.map((r) => [r.id, r.key]));
  const atEnd = new Map(w.on(D8).facts.map((f) => [f.key, f]));
  // What the product holds after its last sync, whatever day that sync was recorded as.
  const latest = new Map(w.view.truth().facts.map((f) => [f.key, f]));
  let changed = 0;
  let severityChanged = 0;
  const items = [...review.newFindings.items, ...review.resolvedFindings.items, ...review.suppressedFindings.items];
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    const key = keyOf.get(item.id) ?? '';
    const fact = atEnd.get(key);
    expect(fact, item.id).toBeDefined();
    expect([item.complianceStatus, item.workflowStatus, item.recordState, item.severity], item.id).toEqual([
      fact?.compliance,
      fact?.workflow,
      fact?.record,
      fact?.severity,
    ]);
    const now = latest.get(key);
    if (now && (now.compliance !== fact?.compliance || now.workflow !== fact.workflow || now.record !== fact.record || now.gone !== fact.gone)) changed++;
    if (now && now.severity !== fact?.severity) severityChanged++;
  }
  return { changed, severityChanged };
}

/** The tests every week shares: trends, past postures, failing since and the weekly review. */
export function weekTests(w: () => Week): void {
  describe('GET /api/v1/trends and past postures equal each day of ground truth', () => {
    it('for the organisation, day by day', async () => {
      const body = await w().api.get<TrendsBody>(`/api/v1/trends?from=${D1}&to=${D8}&interval=day`);
      expect(body.points.map((x) => x.date)).toEqual(DAYS);
      for (const point of body.points) {
        const t = w().on(point.date).posture();
        expect({ overall: point.overall, domains: point.domains }, point.date).toEqual({ overall: t.overall, domains: scoresOnly(t) });
      }
    });

    it('for each account, day by day', async () => {
      for (const accountId of w().on(D8).accounts()) {
        const body = await w().api.get<TrendsBody>(`/api/v1/trends?from=${D1}&to=${D8}&accountId=${accountId}`);
        expect(body.points.map((x) => x.date)).toEqual(DAYS);
        for (const point of body.points) {
          const t = w().on(point.date).posture({ accountId });
          expect({ overall: point.overall, domains: point.domains }, `${accountId} ${point.date}`).toEqual({ overall: t.overall, domains: scoresOnly(t) });
        }
      }
    });

    it('week by week: W-1 ends on D1, W on D8', async () => {
      const body = await w().api.get<TrendsBody>(`/api/v1/trends?from=${D1}&to=${D8}&interval=week`);
      expect(body.points.map((x) => x.date)).toEqual([D1, D8]);
      for (const point of body.points) expect(point.overall, point.date).toEqual(w().on(point.date).posture().overall);
    });

    it('posture?date= of each day, with open findings, and the day after D8 carried forward', async () => {
      for (const day of [...DAYS, '2025-06-09']) {
        expect(postureOf(await w().api.get<PostureBody>(`/api/v1/posture?date=${day}`)), day).toEqual(w().on(day).posture());
      }
    });

    it('failing since: the first recorded day of the current run of FAILED days', async () => {
      await expectFailingSince(w(), D8);
    });
  });

  describe('GET /api/v1/reviews/weekly shows exactly the changes of the week', () => {
    let review: ReviewBody;
    /** Natural key (ProductArn + Id) of the product's finding ids. */
    let keyOf: Map<string, string>;

    beforeAll(async () => {
      review = await w().api.get<ReviewBody>(`/api/v1/reviews/weekly?week=${WEEK}`);
      const rows = await w().p.db.prisma.$queryRaw<{ id: string; key: string }[]>`SELECT id::text AS id, product_arn || ' ' || finding_id AS key FROM finding`;
      keyOf = new Map(rows.map((r) => [r.id, r.key]));
    });

    it('names the week and the one before', () => {
      expect(review).toMatchObject({ week: WEEK, from: MONDAY, to: D8, previousWeek: '2025-W22' });
    });

    it('scores at both ends with their deltas: organisation, domains and accounts', () => {
      const [cur, prev] = [w().on(D8).posture(), w().on(D1).posture()];
      const change = (c: Score, b: Score) => ({ current: score(c), previous: score(b), delta: deltaOf(c, b) });
      expect(review.overall).toEqual(change(cur.overall, prev.overall));
      expect(review.overall.delta).not.toBe(0);
      expect(review.domains).toEqual(DOMAINS.map((d, i) => ({ key: d.key, name: d.name, ...change(cur.domains[i] as Score, prev.domains[i] as Score) })));
      const names = new Map(w().p.sim.org.accounts.map((a) => [a.id, a.name]));
      expect(review.accounts.map((a) => a.accountId).sort()).toEqual(w().on(D8).accounts());
      for (const a of review.accounts) {
        const c = w().on(D8).posture({ accountId: a.accountId }).overall;
        const b = w().on(D1).posture({ accountId: a.accountId }).overall;
        expect(a, a.accountId).toEqual({ accountId: a.accountId, name: names.get(a.accountId), ...change(c, b) });
      }
    });

    it('newly failing and no longer failing pairs', () => {
      const before = w().on(D1).failing();
      const after = w().on(D8).failing();
      const newly = [...after].filter((k) => !before.has(k)).sort();
      const noLonger = [...before].filter((k) => !after.has(k)).sort();
      expect(newly.length).toBeGreaterThan(0);
      expect(noLonger.length).toBeGreaterThan(0);
      expect(Math.max(newly.length, noLonger.length)).toBeLessThanOrEqual(500);
      expect(review.newlyFailing.map((x) => pairKey(x.accountId, x.controlId)).sort()).toEqual(newly);
      expect(review.noLongerFailing.map((x) => pairKey(x.accountId, x.controlId)).sort()).toEqual(noLonger);
      for (const x of [...review.newlyFailing, ...review.noLongerFailing]) expect(x.domain, x.controlId).toBe(domainOfControl(x.controlId));
    });

    it('new findings: first observed in W and open at its end, which are the ones the simulator created in W', () => {
      const from = Date.parse(`${MONDAY}T00:00:00Z`);
      const to = Date.parse('2025-06-09T00:00:00Z');
      const end = w().on(D8);
      const expected = end.facts
        .filter((f) => isOpen(f) && f.firstObservedMs >= from && f.firstObservedMs < to)
        .map((f) => f.key)
        .sort();
      const created = new Set(DAYS.slice(1).flatMap((d) => (w().p.sim.changesOn(d)?.findings ?? []).filter((c) => c.change === 'created').map((c) => c.id)));
      expect(end.facts.filter((f) => created.has(f.id) && isOpen(f)).map((f) => f.key).sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThanOrEqual(12);
      expect(expected.length).toBeLessThanOrEqual(500);
      expect(review.newFindings.count).toBe(expected.length);
      expect(review.newFindings.items.map((i) => keyOf.get(i.id)).sort()).toEqual(expected);
    });

    it('resolved and suppressed findings: open at the end of W-1, closed or suppressed at the end of W', () => {
      const before = new Map(w().on(D1).facts.map((f) => [f.key, f]));
      const resolved: string[] = [];
      const suppressed: string[] = [];
      for (const f of w().on(D8).facts) {
        const b = before.get(f.key);
        if (!b || !isOpen(b) || isOpen(f)) continue;
        // A finding both suppressed and closed (its resource now passes) counts as resolved: the problem went away.
        if (f.record === 'ARCHIVED' || f.compliance === 'PASSED' || f.workflow === 'RESOLVED' || f.gone) resolved.push(f.key);
        else if (f.workflow === 'SUPPRESSED') suppressed.push(f.key);
      }
      resolved.sort();
      suppressed.sort();
      expect(
        w()
          .on(D8)
          .facts.filter((f) => f.gone)
          .map((f) => f.id)
          .sort(),
      ).toEqual([...w().removed].sort());
      expect(resolved.length).toBeGreaterThan(0);
      expect(resolved.length).toBeLessThanOrEqual(500);
      expect(suppressed.length).toBeGreaterThan(0);
      expect(review.resolvedFindings.count).toBe(resolved.length);
      expect(review.resolvedFindings.items.map((i) => keyOf.get(i.id)).sort()).toEqual(resolved);
      expect(review.suppressedFindings.count).toBe(suppressed.length);
      expect(review.suppressedFindings.items.map((i) => keyOf.get(i.id)).sort()).toEqual(suppressed);
      // Every finding AWS stopped returning was open at the end of W-1: each is listed as resolved.
      const resolvedIds = new Set(resolved.map((k) => k.slice(k.indexOf(' ') + 1)));
      for (const id of w().removed) expect(resolvedIds.has(id), id).toBe(true);
    });

    it('each finding listed as it was at the end of W: compliance, workflow and record state, severity', async () => {
      await expectFindingItemsAtEndOfW(w(), review);
    });
  });
}
