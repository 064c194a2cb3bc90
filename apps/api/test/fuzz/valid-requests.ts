import fc from 'fast-check';
import type { Response } from 'supertest';
import { expect } from 'vitest';
import { addDays, DOMAIN_KEYS, formatIsoWeek, isoWeekOf, SEVERITY_LABELS } from '@pillar/domain';
import { hasNoControlCharacters } from '../../src/schemas/common.ts';
import type { Facts, World } from './world.ts';

/**
 * A request, as data (fast-check prints it on failure). `as` is the credential: the route's own access level by
 * default. `from` asks `prepare` for a resource to act on or a cursor from a previous page.
 */
export type Plan = {
  params?: Record<string, string>;
  query?: Record<string, string | string[] | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  as?: 'admin' | 'viewer' | 'none';
  from?: { page?: number; resource?: 'token' | 'user' | 'session'; role?: 'viewer' | 'admin' };
};

export type ValidRoute = {
  plans: (f: Facts) => fc.Arbitrary<Plan>;
  /** Turns a plan into a request against the live app: creates what it acts on, fetches a previous page. */
  prepare?: (w: World, plan: Plan) => Promise<Plan>;
  /** The success status the route defines. */
  status: number;
  /** Fewer runs for a route whose every run is slow on purpose (a password hashed with scrypt). */
  runs?: number;
  /** For a route without a zod response schema (plugins, /metrics): what a right answer looks like. */
  answer?: (res: Response) => void;
};

// ---- values that are valid for one parameter ----

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** A day the data covers or any earlier one back to a year before it (all valid: today or before). */
const day = (f: Facts) =>
  fc.oneof(fc.integer({ min: 0, max: 5 }).map((n) => addDays(f.today, -n)), fc.integer({ min: 0, max: 400 }).map((n) => addDays(f.today, -n)));
const accountId = (f: Facts) => fc.constantFrom(...f.accountIds);
const domain = fc.constantFrom(...DOMAIN_KEYS);
const status = fc.constantFrom('PASSED', 'FAILED', 'UNKNOWN', 'NO_DATA');
const severity = fc.oneof(fc.constantFrom(...SEVERITY_LABELS), fc.uniqueArray(fc.constantFrom(...SEVERITY_LABELS), { minLength: 1, maxLength: 5 }));
const limit = (max: number) => fc.integer({ min: 1, max }).map(String);
/** Text without control characters (what a search box sends), or a piece of a real title or resource id. */
const search = (f: Facts) =>
  fc.oneof(
    fc.string({ maxLength: 40, unit: 'grapheme' }).filter(hasNoControlCharacters),
    fc.tuple(fc.constantFrom(...f.searchable), fc.nat(), fc.integer({ min: 1, max: 12 })).map(([s, at, n]) => s.slice(at % s.length, (at % s.length) + n)),
  );
const week = (f: Facts) => day(f).map((d) => formatIsoWeek(isoWeekOf(d)));
const region = (f: Facts) => fc.oneof(fc.constant('*'), fc.constantFrom(...f.regions), fc.constantFrom('ap-south-2', 'us-gov-west-1', 'eu-central-1'));
const password = fc.string({ minLength: 12, maxLength: 64, unit: 'grapheme' });
const role = fc.constantFrom('viewer', 'admin');

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${++sequence}`;
const ip = () => `198.18.${(sequence >> 8) & 255}.${++sequence & 255}`;

// ---- what a previous page or a created resource gives ----

async function cursorOf(w: World, url: string, plan: Plan, headers: Record<string, string>): Promise<Plan> {
  if (plan.from?.page === undefined) return plan;
  const first = await w.t.http.get(`${url}?limit=${plan.from.page}`).set(headers).expect(200);
  const next = (first.body as { nextCursor: string | null }).nextCursor;
  return { ...plan, query: { ...plan.query, cursor: next ?? undefined } };
}

async function resourceFor(w: World, plan: Plan): Promise<Plan> {
  const what = plan.from?.resource;
  if (what === 'token') return { ...plan, params: { id: (await w.make.token(plan.from?.role ?? 'viewer')).id } };
  if (what === 'user') return { ...plan, params: { id: (await w.make.user({ role: plan.from?.role ?? 'viewer' })).id } };
  return plan;
}

const json = (res: Response) => expect(res.headers['content-type']).toMatch(/^application\/json/);
const html = (res: Response) => expect(res.headers['content-type']).toMatch(/^text\/html/);

/**
 * A valid request for every route of the table, by method and URL pattern; HEAD routes use their GET's. A route
 * missing here fails the meta-test, so a new route cannot be left out.
 */
export const VALID: Record<string, ValidRoute> = {
  'GET /api/v1/health': { status: 200, plans: () => fc.constant({}) },
  'GET /api/v1/ready': { status: 200, plans: () => fc.constant({}) },
  'GET /api/openapi.json': {
    status: 200,
    plans: () => fc.constant({}),
    answer: (res) => expect(res.body).toMatchObject({ openapi: '3.1.0', paths: expect.any(Object) as object }),
  },
  'GET /metrics': {
    status: 200,
    plans: () => fc.constant({}),
    answer: (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^# (HELP|TYPE) /m);
    },
  },
  'POST /api/v1/auth/login': {
    status: 200,
    runs: 12,
    plans: () => fc.record({ upper: fc.boolean() }).map(({ upper }) => ({ body: { upper } })),
    // From an address of its own: the per-address login limit (10 a minute) is not what this checks.
    prepare: (w, plan) => {
      const upper = (plan.body as { upper: boolean }).upper;
      const email = upper ? w.loginUser.email.toUpperCase() : w.loginUser.email;
      return Promise.resolve({ ...plan, headers: { 'x-forwarded-for': ip() }, body: { email, password: w.loginUser.password } });
    },
  },
  'POST /api/v1/auth/logout': {
    status: 204,
    runs: 12,
    plans: () => fc.boolean().map((session) => (session ? { from: { resource: 'session' as const } } : {})),
    prepare: async (w, plan) => {
      if (plan.from?.resource !== 'session') return plan;
      const res = await w.t.http
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', ip())
        .send({ email: w.loginUser.email, password: w.loginUser.password })
        .expect(200);
      const cookie = String((res.headers['set-cookie'] as unknown as string[])[0]).split(';')[0] ?? '';
      return { ...plan, headers: { cookie, 'x-csrf-token': (res.body as { csrfToken: string }).csrfToken } };
    },
  },
  'GET /api/v1/me': { status: 200, plans: () => fc.constantFrom<Plan>({ as: 'viewer' }, { as: 'admin' }) },
  'GET /api/v1/users': { status: 200, plans: () => fc.constant({}) },
  'POST /api/v1/users': {
    status: 201,
    runs: 12,
    plans: () => fc.record({ local: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,12}(\.[a-z0-9_-]{1,6})?$/), password, role }).map((b) => ({ body: b })),
    prepare: (_w, plan) => {
      const { local, ...rest } = plan.body as { local: string };
      return Promise.resolve({ ...plan, body: { ...rest, email: `${local}-${unique()}@Example.test` } });
    },
  },
  'PATCH /api/v1/users/:id': {
    status: 200,
    runs: 8,
    plans: () =>
      fc
        .record({ role: opt(role), password: opt(password), disabled: opt(fc.boolean()), was: role })
        .filter((c) => c.role !== undefined || c.password !== undefined || c.disabled !== undefined)
        .map(({ was, ...change }) => ({ body: JSON.parse(JSON.stringify(change)) as unknown, from: { resource: 'user' as const, role: was } })),
    prepare: resourceFor,
  },
  'DELETE /api/v1/users/:id': { status: 204, runs: 8, plans: () => role.map((r) => ({ from: { resource: 'user' as const, role: r } })), prepare: resourceFor },
  'GET /api/v1/tokens': { status: 200, plans: () => fc.constant({}) },
  'POST /api/v1/tokens': {
    status: 201,
    plans: () => fc.record({ name: fc.string({ minLength: 1, maxLength: 100, unit: 'grapheme' }).filter((s) => s.trim() !== '' && s.length <= 100 && hasNoControlCharacters(s)), role }).map((b) => ({ body: b })),
  },
  'DELETE /api/v1/tokens/:id': { status: 204, plans: () => role.map((r) => ({ from: { resource: 'token' as const, role: r } })), prepare: resourceFor },
  'GET /api/v1/audit': {
    status: 200,
    plans: () => fc.record({ limit: opt(limit(200)), page: opt(fc.integer({ min: 1, max: 5 })) }).map(({ limit: l, page }) => ({ query: { limit: l }, from: page === undefined ? undefined : { page } })),
    prepare: (w, plan) => cursorOf(w, '/api/v1/audit', plan, w.admin),
  },
  'GET /api/v1/posture': {
    status: 200,
    plans: (f) => fc.record({ accountId: opt(accountId(f)), region: opt(region(f)), source: opt(fc.constantFrom('securityhub', 'config')), date: opt(day(f)) }).map((query) => ({ query })),
  },
  'GET /api/v1/accounts': { status: 200, plans: (f) => fc.record({ date: opt(day(f)) }).map((query) => ({ query })) },
  'GET /api/v1/accounts/:accountId': {
    status: 200,
    plans: (f) => fc.record({ accountId: accountId(f), date: opt(day(f)) }).map(({ accountId: a, date }) => ({ params: { accountId: a }, query: { date } })),
  },
  'GET /api/v1/controls': {
    status: 200,
    plans: (f) =>
      fc
        .record({ accountId: opt(accountId(f)), domain: opt(fc.oneof(domain, fc.constant('unmapped'))), status: opt(status), date: opt(day(f)) })
        .map((query) => ({ query })),
  },
  'GET /api/v1/findings': {
    status: 200,
    plans: (f) =>
      fc
        .record({
          query: fc.record({
            accountId: opt(accountId(f)),
            domain: opt(domain),
            controlId: opt(fc.constantFrom(...f.controlIds)),
            severity: opt(severity),
            open: opt(fc.constantFrom('true', 'false')),
            q: opt(search(f)),
            limit: opt(limit(500)),
          }),
          page: opt(fc.integer({ min: 1, max: 20 })),
          accept: opt(fc.constantFrom('application/json', 'text/csv', '*/*', 'text/csv;q=0.9, application/json')),
        })
        .map(({ query, page, accept }) => ({ query, ...(page ? { from: { page } } : {}), ...(accept ? { headers: { accept } } : {}) })),
    prepare: (w, plan) => cursorOf(w, '/api/v1/findings', plan, w.viewer),
  },
  'GET /api/v1/findings/:id': { status: 200, plans: (f) => fc.constantFrom(...f.findingIds).map((id) => ({ params: { id } })) },
  'GET /api/v1/trends': {
    status: 200,
    plans: (f) =>
      fc
        .record({ to: opt(day(f)), span: opt(fc.integer({ min: 0, max: 365 })), interval: opt(fc.constantFrom('day', 'week')), accountId: opt(accountId(f)) })
        .map(({ to, span, interval, accountId: a }) => ({
          // `from` alone counts back from today: at most 365 days back then.
          query: { to, from: span === undefined ? undefined : addDays(to ?? f.today, -span), interval, accountId: a },
        })),
  },
  'GET /api/v1/reviews/weekly': {
    status: 200,
    plans: (f) =>
      fc
        .record({ week: opt(week(f)), accountId: opt(accountId(f)), accept: opt(fc.constantFrom('application/json', 'text/csv', 'text/markdown', '*/*')) })
        .map(({ accept, ...query }) => ({ query, ...(accept ? { headers: { accept } } : {}) })),
  },
  'GET /api/v1/syncs': {
    status: 200,
    plans: () => fc.record({ limit: opt(limit(100)), page: opt(fc.integer({ min: 1, max: 3 })) }).map(({ limit: l, page }) => ({ query: { limit: l }, from: page === undefined ? undefined : { page } })),
    prepare: (w, plan) => cursorOf(w, '/api/v1/syncs', plan, w.viewer),
  },
  'GET /api/v1/syncs/:id': { status: 200, plans: (f) => fc.constantFrom(...f.syncIds).map((id) => ({ params: { id } })) },
  'POST /api/v1/syncs': { status: 202, plans: () => fc.oneof(fc.constant({}), fc.record({ full: fc.boolean() }).map((body) => ({ body }))) },
  'GET /api/v1/domain-overrides': { status: 200, plans: () => fc.constant({}) },
  'PUT /api/v1/domain-overrides/:controlId': {
    status: 200,
    plans: (f) => fc.record({ controlId: fc.constantFrom(...f.controlIds), domain: fc.oneof(domain, fc.constant(null)) }).map(({ controlId, domain: d }) => ({ params: { controlId }, body: { domain: d } })),
  },
  'DELETE /api/v1/domain-overrides/:controlId': { status: 204, plans: (f) => fc.constantFrom(...f.controlIds).map((controlId) => ({ params: { controlId } })) },

  // Bull Board (read only): its pages, and its API over the workers' real queues and a job waiting in one.
  'GET /admin/queues': { status: 200, plans: () => fc.constant({}), answer: html },
  'GET /admin/queues/metrics-history': { status: 200, plans: () => fc.constant({}), answer: html },
  'GET /admin/queues/job-schedulers': { status: 200, plans: () => fc.constant({}), answer: html },
  'GET /admin/queues/queue/:queueName': { status: 200, plans: (f) => queueName(f).map((q) => ({ params: { queueName: q } })), answer: html },
  'GET /admin/queues/queue/:queueName/:jobId': { status: 200, plans: (f) => fc.constant({ params: { queueName: f.probeJob.queue, jobId: f.probeJob.id } }), answer: html },
  'GET /admin/queues/api/redis/stats': { status: 200, plans: () => fc.constant({}), answer: json },
  'GET /admin/queues/api/queues': {
    status: 200,
    plans: (f) => fc.record({ activeQueue: opt(queueName(f)), status: opt(fc.constantFrom('latest', 'active', 'waiting', 'completed', 'failed', 'delayed', 'paused')) }).map((query) => ({ query })),
    answer: json,
  },
  'GET /admin/queues/api/job-schedulers': { status: 200, plans: () => fc.constant({}), answer: json },
  'PUT /admin/queues/api/queues/pause': { status: 200, plans: () => fc.constant({}), answer: json },
  'PUT /admin/queues/api/queues/resume': { status: 200, plans: () => fc.constant({}), answer: json },
  ...Object.fromEntries(
    ['metrics', 'default-job-options', 'workers', 'rate-limit', 'job-data-schema'].map((what) => [
      `GET /admin/queues/api/queues/:queueName/${what}`,
      { status: 200, plans: (f: Facts) => queueName(f).map((q) => ({ params: { queueName: q } })), answer: json },
    ]),
  ),
  ...Object.fromEntries(
    ['/logs', '/flow', ''].map((what) => [
      `GET /admin/queues/api/queues/:queueName/:jobId${what}`,
      { status: 200, plans: (f: Facts) => fc.constant({ params: { queueName: f.probeJob.queue, jobId: f.probeJob.id } }), answer: json },
    ]),
  ),
};

function queueName(f: Facts) {
  return fc.constantFrom(...f.queueNames);
}

/**
 * Routes with no valid 2xx input, each with the reason. Static files are served, not computed from parameters;
 * the board's per-queue actions are refused by design (queues-board.ts: read-only mode) and keep their junk test.
 */
export const NO_VALID_INPUT: { pattern: RegExp; reason: string }[] = [
  { pattern: /^(GET|HEAD) \/api\/docs/, reason: 'the interactive docs: static files of @fastify/swagger-ui' },
  { pattern: /^(GET|HEAD) \/admin\/queues\/static\/\*$/, reason: "Bull Board's static files" },
  { pattern: /^(GET|HEAD) \/\*$/, reason: 'the web app: static files and index.html' },
  {
    pattern: /^(PUT|PATCH|POST) \/admin\/queues\/api\/queues\/:queueName\//,
    reason: 'a Bull Board action on one queue: the board is read only (every such action answers 405 by design)',
  },
];

export function noValidInput(key: string): string | undefined {
  return NO_VALID_INPUT.find((s) => s.pattern.test(key))?.reason;
}

/** The valid-input entry of a route: a HEAD route's is its GET's. */
export function validRoute(method: string, url: string): ValidRoute | undefined {
  return VALID[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
