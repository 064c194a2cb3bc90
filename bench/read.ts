// Read benchmark (issue "Proof at scale"): p50/p95 of the API's reads over real HTTP on a generated history at the
// design target (1,000 accounts x 300 controls x 365 days + 2M findings, bench/history-fixture.ts), beside two
// baselines measured in the same run: a primary-key SELECT through the app's own Prisma client (no HTTP), and the
// same HTTP round trip to a trivial route (/api/v1/health; /api/v1/me adds the token lookup and the rate limiter).
// Goals: p95 <= 50 ms and <= 10x the primary-key lookup. For every route that misses, the route's SQL is run under
// EXPLAIN (ANALYZE, BUFFERS) with the parameters of its p95 sample, and a CPU profile of a few requests says where
// the rest goes (the Zod response serializer measured on its own).
//
// Usage: pnpm bench read [--scale 1] [--keep] [--db NAME] [--iterations 200] [--warmup 20] [--seed 42] [--profile 30]
import pg from 'pg';
import {
  accountControlsOn,
  accountName,
  accountsOn,
  accountTotalsOn,
  accountTrend,
  controlsOn,
  findingChangeCandidates,
  findingsAtEndOf,
  findingsPage,
  orgTotalsOn,
  orgTrend,
  pairChangeCandidates,
  Prisma,
  type PrismaClient,
  type ReadDb,
} from '@pillar/db';
import { decodeIdCursor } from '../apps/api/src/read/cursor.ts';
import { findingChanges, REVIEW_ITEMS_MAX } from '../apps/api/src/read/review.ts';
import { previousWeekSpan, weekPointDays, weekSpan } from '../apps/api/src/read/timeline.ts';
import { addDays, dayOf, dayStartMs, formatIsoWeek, isoWeekOf, lastFullWeekBefore, parseIsoWeek, weekSunday } from '../packages/domain/src/index.ts';
import { startInProcessApi, type InProcessApi } from './api-harness.ts';
import { arg, machine, writeResult } from './common.ts';
import { fixtureOptionsFromArgs, openHistoryFixture, seededRandom } from './history-fixture.ts';
import { analyseProfile, profiled, type CpuBreakdown } from './profile.ts';
import { latencyStats, ratioText, round, type LatencyStats } from './stats.ts';

const ITERATIONS = Number(arg('iterations', '200'));
const WARMUP = Number(arg('warmup', '20'));
const SEED = Number(arg('seed', '42'));
const PROFILE_REQUESTS = Number(arg('profile', '30'));
const GOAL_P95_MS = 50;
const GOAL_RATIO_TO_PK = 10;
/** Searches a user might type in the findings list: control ids, title words, resource-name parts, a CVE year. */
const Q_TERMS = ['encrypted', 'prod-api', 's3.', 'public', 'cve-2021', 'legacy-db', 'mfa', 'ec2.'];

type Params = Record<string, string>;
type Scenario = {
  key: string;
  label: string;
  /** Baselines are not judged against the goals. */
  baseline?: boolean;
  draw(rand: () => number): Params;
  /** The request path, or null for the primary-key lookup (no HTTP). */
  path: ((p: Params) => string) | null;
  /** Sends the credential (health does not: a public route would look it up too). */
  auth?: boolean;
  /** The route's read queries with these parameters, through `db` (EXPLAIN ANALYZE in the diagnostics). */
  sql?: (db: ReadDb, p: Params) => Promise<void>;
};

type Sample = { ms: number; params: Params; status: number; bytes: number };

type ExplainedQuery = { sql: string; values: unknown[]; executionMs: number; planningMs: number; plan: string[] };

/** A ReadDb that runs each query under EXPLAIN (ANALYZE, BUFFERS) first, then for real (so the caller goes on). */
function explainingDb(prisma: PrismaClient, client: pg.Client, out: ExplainedQuery[]): ReadDb {
  const $queryRaw = async (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
    const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const time = (label: string) => Number(new RegExp(`${label}: ([0-9.]+) ms`).exec(plan.join('\n'))?.[1] ?? Number.NaN);
    out.push({ sql: sql.text.replace(/\s+/g, ' ').trim(), values: sql.values, executionMs: time('Execution Time'), planningMs: time('Planning Time'), plan });
    return prisma.$queryRaw(sql);
  };
  return { $queryRaw } as unknown as ReadDb;
}

async function main() {
  const loadAtStart = machine().loadAverage;
  const fixture = await openHistoryFixture(fixtureOptionsFromArgs(1));
  const api: InProcessApi = await startInProcessApi(fixture.url);
  const pgClient = new pg.Client({ connectionString: fixture.url, application_name: 'pillar-bench-explain' });
  await pgClient.connect();
  try {
    const accounts = (await api.prisma.$queryRaw<{ id: string }[]>`SELECT id FROM account ORDER BY id`).map((a) => a.id);
    const { firstDay, lastDay } = fixture.meta;
    const today = dayOf(Date.now());
    const spanDays = Math.round((dayStartMs(lastDay) - dayStartMs(firstDay)) / 86_400_000) + 1;
    const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const randomDay = (rand: () => number) => addDays(firstDay, Math.floor(rand() * spanDays));
    const account = (rand: () => number) => pick(rand, accounts);
    // Weeks fully inside the history, with their previous week inside it too.
    const weeks: string[] = [];
    for (let d = addDays(firstDay, 14); weekSunday(isoWeekOf(d)) <= lastDay; d = addDays(d, 7)) weeks.push(formatIsoWeek(isoWeekOf(d)));
    const trendTo = lastDay;
    const trendFrom = addDays(trendTo, -364);

    const headers = { authorization: `Bearer ${api.token}`, accept: 'application/json' };
    const get = async (path: string, auth = true): Promise<{ ms: number; status: number; bytes: number; text: string }> => {
      const t0 = performance.now();
      const res = await fetch(`${api.baseUrl}${path}`, { headers: auth ? headers : { accept: 'application/json' } });
      const text = await res.text();
      return { ms: performance.now() - t0, status: res.status, bytes: Buffer.byteLength(text), text };
    };

    // Pages 2-5 of each search, as a user paging through results gets them (cursors from the API itself).
    const searchPages: Params[] = [];
    for (const q of Q_TERMS) {
      let cursor: string | null = null;
      for (let page = 1; page <= 5; page++) {
        const r = await get(`/api/v1/findings?q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`);
        const body = JSON.parse(r.text) as { nextCursor?: string | null };
        if (page > 1 && cursor) searchPages.push({ q, cursor });
        cursor = body.nextCursor ?? null;
        if (!cursor) break;
      }
    }
    console.log(`read: ${accounts.length} accounts, days ${firstDay}..${lastDay}, ${weeks.length} weeks, ${searchPages.length} search pages (q + cursor)`);

    const q = (p: Params) => new URLSearchParams(p).toString();
    const scenarios: Scenario[] = [
      {
        key: 'pk',
        label: 'baseline: primary-key SELECT (Prisma, no HTTP)',
        baseline: true,
        draw: (r) => ({ accountId: account(r) }),
        path: null,
      },
      { key: 'health', label: 'baseline: GET /api/v1/health (HTTP, public)', baseline: true, draw: () => ({}), path: () => '/api/v1/health', auth: false },
      { key: 'me', label: 'baseline: GET /api/v1/me (HTTP, token + rate limit)', baseline: true, draw: () => ({}), path: () => '/api/v1/me' },
      {
        key: 'posture-org',
        label: 'posture, organisation, random day',
        draw: (r) => ({ date: randomDay(r) }),
        path: (p) => `/api/v1/posture?${q(p)}`,
        sql: async (db, p) => void (await orgTotalsOn(db, { day: p.date ?? today, region: '*' })),
      },
      {
        key: 'posture-account',
        label: 'posture, one account, random day',
        draw: (r) => ({ accountId: account(r), date: randomDay(r) }),
        path: (p) => `/api/v1/posture?${q(p)}`,
        sql: async (db, p) => {
          await accountName(db, p.accountId ?? '');
          await accountTotalsOn(db, { accountId: p.accountId ?? '', day: p.date ?? today, region: '*' });
        },
      },
      {
        key: 'accounts-today',
        label: 'accounts list, today',
        draw: () => ({}),
        path: () => '/api/v1/accounts',
        sql: async (db) => void (await accountsOn(db, { day: today })),
      },
      {
        key: 'accounts-day',
        label: 'accounts list, random day',
        draw: (r) => ({ date: randomDay(r) }),
        path: (p) => `/api/v1/accounts?${q(p)}`,
        sql: async (db, p) => void (await accountsOn(db, { day: p.date ?? today })),
      },
      {
        key: 'account-detail',
        label: 'account detail, random account and day',
        draw: (r) => ({ accountId: account(r), date: randomDay(r) }),
        path: (p) => `/api/v1/accounts/${p.accountId}?date=${p.date}`,
        sql: async (db, p) => {
          const accountId = p.accountId ?? '';
          await accountName(db, accountId);
          await accountTotalsOn(db, { accountId, day: p.date ?? today });
          await accountControlsOn(db, { accountId, day: p.date ?? today });
        },
      },
      {
        key: 'trend-day',
        label: 'trends, 365 days by day, organisation',
        draw: () => ({ from: trendFrom, to: trendTo, interval: 'day' }),
        path: (p) => `/api/v1/trends?${q(p)}`,
        sql: async (db, p) => void (await orgTrend(db, { from: p.from ?? trendFrom, to: p.to ?? trendTo })),
      },
      {
        key: 'trend-week',
        label: 'trends, 365 days by week, organisation',
        draw: () => ({ from: trendFrom, to: trendTo, interval: 'week' }),
        path: (p) => `/api/v1/trends?${q(p)}`,
        sql: async (db, p) => {
          const days = weekPointDays(p.from ?? trendFrom, p.to ?? trendTo, today);
          await orgTrend(db, { from: days[0] ?? trendFrom, to: days.at(-1) ?? trendTo });
        },
      },
      {
        key: 'trend-account',
        label: 'trends, 365 days by day, one account',
        draw: (r) => ({ from: trendFrom, to: trendTo, interval: 'day', accountId: account(r) }),
        path: (p) => `/api/v1/trends?${q(p)}`,
        sql: async (db, p) => {
          await accountName(db, p.accountId ?? '');
          await accountTrend(db, { accountId: p.accountId ?? '', from: p.from ?? trendFrom, to: p.to ?? trendTo });
        },
      },
      {
        key: 'review-last',
        label: 'weekly review, last full week',
        draw: () => ({}),
        path: () => '/api/v1/reviews/weekly',
        sql: (db) => reviewSql(db, formatIsoWeek(lastFullWeekBefore(today)), today),
      },
      {
        key: 'review-week',
        label: 'weekly review, random week',
        draw: (r) => ({ week: pick(r, weeks) }),
        path: (p) => `/api/v1/reviews/weekly?${q(p)}`,
        sql: (db, p) => reviewSql(db, p.week ?? '', today),
      },
      {
        key: 'findings-first',
        label: 'findings, first page (100)',
        draw: () => ({}),
        path: () => '/api/v1/findings',
        sql: async (db) => void (await findingsPage(db, { filter: {}, limit: 100, day: today })),
      },
      {
        key: 'findings-q',
        label: 'findings, q filter + cursor (pages 2-5)',
        draw: (r) => pick(r, searchPages),
        path: (p) => `/api/v1/findings?${q(p)}`,
        sql: async (db, p) =>
          void (await findingsPage(db, { filter: { q: p.q }, beforeId: decodeIdCursor(p.cursor ?? ''), limit: 100, day: today })),
      },
      {
        key: 'controls',
        label: 'controls, organisation, random day',
        draw: (r) => ({ date: randomDay(r) }),
        path: (p) => `/api/v1/controls?${q(p)}`,
        sql: async (db, p) => void (await controlsOn(db, { day: p.date ?? today })),
      },
    ];

    const run = async (s: Scenario, params: Params): Promise<Sample> => {
      if (s.path === null) {
        const t0 = performance.now();
        await api.prisma.$queryRaw`SELECT name FROM account WHERE id = ${params.accountId ?? ''}`;
        return { ms: performance.now() - t0, params, status: 200, bytes: 0 };
      }
      const r = await get(s.path(params), s.auth !== false);
      return { ms: r.ms, params, status: r.status, bytes: r.bytes };
    };

    // Rounds: every scenario once per round, in a shuffled order, so that a noisy moment of a shared machine
    // spreads over all routes instead of hitting one.
    const rand = seededRandom(SEED);
    const samples = new Map<string, Sample[]>(scenarios.map((s) => [s.key, []]));
    const errors = new Map<string, { count: number; first: string }>();
    const started = performance.now();
    const loadAtMeasure = machine().loadAverage;
    for (let round = 0; round < WARMUP + ITERATIONS; round++) {
      const order = scenarios.map((s) => ({ s, k: rand() })).sort((a, b) => a.k - b.k);
      for (const { s } of order) {
        const sample = await run(s, s.draw(rand));
        if (sample.status !== 200) {
          const e = errors.get(s.key) ?? { count: 0, first: `${sample.status} ${JSON.stringify(sample.params)}` };
          e.count++;
          errors.set(s.key, e);
        }
        if (round >= WARMUP) samples.get(s.key)?.push(sample);
      }
      if ((round + 1) % 20 === 0) {
        const elapsed = (performance.now() - started) / 1000;
        console.log(`  round ${round + 1}/${WARMUP + ITERATIONS}${round < WARMUP ? ' (warm-up)' : ''}: ${elapsed.toFixed(0)} s`);
      }
    }

    const statsOf = (key: string): LatencyStats => latencyStats((samples.get(key) ?? []).map((x) => x.ms));
    const pk = statsOf('pk');
    const health = statsOf('health');
    const results = scenarios.map((s) => {
      const st = statsOf(s.key);
      const list = samples.get(s.key) ?? [];
      const bytes = Math.round(list.reduce((sum, x) => sum + x.bytes, 0) / Math.max(1, list.length));
      const ratioP50 = st.p50 / pk.p50;
      const ratioP95 = st.p95 / pk.p95;
      return {
        key: s.key,
        label: s.label,
        baseline: s.baseline === true,
        example: s.path ? s.path(s.draw(seededRandom(1))) : 'SELECT name FROM account WHERE id = $1',
        ...st,
        meanBytes: bytes,
        ratioToPkP50: round(ratioP50),
        ratioToPkP95: round(ratioP95),
        ratioToHealthP50: round(st.p50 / health.p50),
        errors: errors.get(s.key)?.count ?? 0,
        meetsP95Goal: s.baseline ? null : st.p95 <= GOAL_P95_MS,
        meetsRatioGoal: s.baseline ? null : ratioP95 <= GOAL_RATIO_TO_PK,
      };
    });

    const table = Object.fromEntries(
      results.map((r) => [
        r.label,
        {
          n: r.n,
          'mean ms': r.mean,
          'p50 ms': r.p50,
          'p95 ms': r.p95,
          'p99 ms': r.p99,
          'x PK p50': ratioText(r.ratioToPkP50),
          'x PK p95': ratioText(r.ratioToPkP95),
          'x health p50': ratioText(r.ratioToHealthP50),
          'kB': round(r.meanBytes / 1024, 1),
          'goals': r.baseline ? '' : `${r.meetsP95Goal ? 'ok' : 'MISS'} p95 / ${r.meetsRatioGoal ? 'ok' : 'MISS'} 10x`,
        },
      ]),
    );
    console.table(table);
    console.log(`goals: p95 <= ${GOAL_P95_MS} ms and p95 <= ${GOAL_RATIO_TO_PK}x the primary-key lookup's p95 (${pk.p95} ms)`);
    for (const [key, e] of errors) console.log(`  errors in ${key}: ${e.count} (first: ${e.first})`);

    // Diagnostics of the misses: the SQL under EXPLAIN (ANALYZE, BUFFERS) with the p95 sample's parameters, then a
    // CPU profile of a few requests (fresh parameters) for the rest.
    const diagnostics: Record<string, unknown> = {};
    const prand = seededRandom(SEED + 1);
    for (const s of scenarios) {
      const r = results.find((x) => x.key === s.key);
      if (!r || r.baseline || (r.meetsP95Goal && r.meetsRatioGoal) || !s.path) continue;
      const sorted = [...(samples.get(s.key) ?? [])].sort((a, b) => a.ms - b.ms);
      const p95Sample = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
      const params = p95Sample?.params ?? s.draw(prand);
      const queries: ExplainedQuery[] = [];
      if (s.sql) await s.sql(explainingDb(api.prisma, pgClient, queries), params);
      const sqlMs = queries.reduce((sum, x) => sum + x.executionMs + x.planningMs, 0);
      // Serialisation alone: JSON.stringify of the same body, beside the Zod serializer's share in the profile.
      const body = await get(s.path(params));
      const parsed = JSON.parse(body.text) as unknown;
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) JSON.stringify(parsed);
      const stringifyMs = (performance.now() - t0) / 10;
      let cpu: (CpuBreakdown & { requests: number; perRequest: Record<string, number> }) | null = null;
      if (PROFILE_REQUESTS > 0) {
        const { profile } = await profiled(async () => {
          for (let i = 0; i < PROFILE_REQUESTS; i++) await run(s, s.draw(prand));
        });
        const b = analyseProfile(profile);
        const per = (x: number) => round(x / PROFILE_REQUESTS, 2);
        cpu = {
          ...b,
          requests: PROFILE_REQUESTS,
          perRequest: {
            wall: per(b.wallMs),
            'response serializer (zod encode + JSON.stringify)': per(b.serializerMs),
            'query validator (zod)': per(b.validatorMs),
            ...Object.fromEntries(Object.entries(b.categories).map(([k, v]) => [k, per(v)])),
          },
        };
      }
      diagnostics[s.key] = {
        params,
        p95SampleMs: round(p95Sample?.ms ?? Number.NaN),
        sqlMs: round(sqlMs),
        queries: queries.map((x) => ({ ...x, sql: x.sql.slice(0, 4000) })),
        responseBytes: body.bytes,
        jsonStringifyMs: round(stringifyMs),
        cpu,
      };
      console.log(`\n${s.label} (p95 ${r.p95} ms): p95 sample ${round(p95Sample?.ms ?? Number.NaN)} ms with ${JSON.stringify(params)}`);
      console.log(`  SQL (EXPLAIN ANALYZE, same parameters): ${round(sqlMs)} ms in ${queries.length} queries; response ${round(body.bytes / 1024, 1)} kB, JSON.stringify alone ${round(stringifyMs)} ms`);
      for (const x of [...queries].sort((a, b) => b.executionMs - a.executionMs).slice(0, 3)) {
        console.log(`    ${x.executionMs} ms (+${x.planningMs} planning): ${x.sql.slice(0, 140)}${x.sql.length > 140 ? '...' : ''}`);
        for (const line of x.plan.slice(0, 10)) console.log(`      ${line.length > 180 ? `${line.slice(0, 180)}...` : line}`);
      }
      if (cpu) {
        const top = Object.entries(cpu.perRequest).slice(0, 9).map(([k, v]) => `${k} ${v}`);
        console.log(`  per request over ${cpu.requests} profiled requests (ms): ${top.join('; ')}`);
      }
    }

    writeResult('read', {
      benchmark: 'read',
      machine: machine(),
      loadAverageAtStart: loadAtStart,
      loadAverageWhenMeasuringStarted: loadAtMeasure,
      fixture: { database: fixture.name, reused: fixture.reused, ...fixture.meta },
      iterations: ITERATIONS,
      warmup: WARMUP,
      seed: SEED,
      seconds: Math.round((performance.now() - started) / 1000),
      goals: { p95Ms: GOAL_P95_MS, ratioToPkP95: GOAL_RATIO_TO_PK },
      baselines: { pk, health },
      routes: results,
      diagnostics,
    });
  } finally {
    await pgClient.end();
    await api.close();
    await fixture.release();
  }
}

/** The weekly review's queries, in the route's order (apps/api/src/routes/reviews.ts). */
async function reviewSql(db: ReadDb, weekLabel: string, today: string): Promise<void> {
  const week = parseIsoWeek(weekLabel);
  if (week === null) return;
  const cur = weekSpan(week, today);
  const prev = previousWeekSpan(week, today);
  await orgTotalsOn(db, { day: cur.end });
  await orgTotalsOn(db, { day: prev.end });
  await accountsOn(db, { day: cur.end });
  await accountsOn(db, { day: prev.end });
  await pairChangeCandidates(db, { s1: prev.end, s2: cur.end });
  const cands = await findingChangeCandidates(db, {
    s1: prev.end,
    s2: cur.end,
    weekStart: new Date(dayStartMs(cur.monday)),
    weekEnd: new Date(dayStartMs(addDays(cur.sunday, 1))),
  });
  const changes = findingChanges(cands, cur.week);
  const shown = (ids: string[]) => ids.slice(0, REVIEW_ITEMS_MAX);
  await findingsAtEndOf(db, {
    ids: [...shown(changes.newFindings), ...shown(changes.resolvedFindings), ...shown(changes.suppressedFindings)],
    day: cur.end,
  });
}

await main();
