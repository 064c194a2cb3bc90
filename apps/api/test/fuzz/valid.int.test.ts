import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ZodType } from 'zod';
import type { RouteAccess } from '../../src/plugins/access.ts';
import { captured, sabotage } from './capture.ts';
import { check, fails } from './check.ts';
import { expectClientErrorShape, expectMatchesSchema, expectSoundAnswer, planRequest, schemaOf, send, urlOf } from './http.ts';
import { defaultAs, fuzzSuite, keyOf } from './suite.ts';
import { noValidInput, validRoute, type Plan, type ValidRoute } from './valid-requests.ts';

// Valid inputs for every route of the app's own table, built by hand per parameter from the synced data (real
// accounts, days in range, ISO weeks, cursors of previous pages) and checked against the route's own request
// schemas: the route's success status, and a body its response schema accepts. An app that answered 400 to
// everything fails here (the last test proves it).

// Every Fastify instance reports its routes' options (zod schemas included) as they are registered.
vi.mock('fastify', async (importOriginal) => (await import('./capture.ts')).capturingFastify(await importOriginal()));

const RUNS = 25;
const HEAD_RUNS = 3;
const VENDOR_RUNS = 5;

const { world, routes, credentials } = await fuzzSuite(11);
afterAll(async () => {
  await world.close();
});

/** Routes that reached their success status with a valid input, and how often. */
const successes = new Map<string, number>();

/** The generator's promise: what it makes passes the route's own request schemas. */
function expectSchemaValid(route: RouteAccess, plan: Plan): void {
  const schema = schemaOf(route.method === 'HEAD' ? 'GET' : route.method, route.url);
  const query = Object.entries(plan.query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, Array.isArray(v) && v.length === 1 ? v[0] : v]);
  const parts: [string, unknown, unknown][] = [
    ['params', schema?.params, plan.params ?? {}],
    ['querystring', schema?.querystring, Object.fromEntries(query)],
    ['body', schema?.body, plan.body ?? null],
  ];
  for (const [part, zod, value] of parts) {
    if (zod === undefined) continue;
    const parsed = (zod as ZodType).safeParse(value);
    expect(parsed.success, `${keyOf(route)}: the generated ${part} ${JSON.stringify(value)} is invalid: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  }
}

function validProperty(route: RouteAccess, valid: ValidRoute) {
  return fc.asyncProperty(valid.plans(world.facts), async (plan) => {
    const prepared: Plan = { as: defaultAs(route), ...(await (valid.prepare?.(world, plan) ?? plan)) };
    expectSchemaValid(route, prepared);
    const res = await send(world.t, planRequest(route.method, route.url, prepared, credentials));
    const where = keyOf(route);
    expect(res.status, `${where}: ${res.status} ${(res.text ?? '').slice(0, 300)}`).toBe(valid.status);
    expectSoundAnswer(res, route.method, route.url, where);
    if (route.method !== 'HEAD' && !expectMatchesSchema(res, route.method, route.url, where)) {
      expect(valid.answer, `${where} declares no response schema: its entry needs an answer check`).toBeDefined();
      valid.answer?.(res);
    }
    successes.set(where, (successes.get(where) ?? 0) + 1);
  });
}

const withValidInput = routes.flatMap((route) => {
  const valid = validRoute(route.method, route.url);
  return noValidInput(keyOf(route)) === undefined && valid !== undefined ? [{ route, valid }] : [];
});

describe('valid inputs: the success status the route defines, and a body its response schema accepts', () => {
  for (const { route, valid } of withValidInput) {
    const runs = route.method === 'HEAD' ? HEAD_RUNS : (valid.runs ?? (route.url.startsWith('/admin/queues') ? VENDOR_RUNS : RUNS));
    it(keyOf(route), async () => {
      await check(validProperty(route, valid), runs);
    });
  }
});

describe('routes without a valid input', () => {
  it('refuse every Bull Board action on a queue: the board is read only (never a 2xx, the job untouched)', async () => {
    const actions = routes.filter((r) => /^(PUT|PATCH|POST) \/admin\/queues\/api\/queues\/:queueName\//.test(keyOf(r)));
    expect(actions.length).toBeGreaterThan(10);
    const { queue, id } = world.facts.probeJob;
    const before = await send(world.t, { method: 'GET', url: `/admin/queues/api/queues/${queue}/${id}`, headers: world.admin });
    for (const route of actions) {
      const url = urlOf(route.url, { queueName: queue, jobId: id, queueStatus: 'waiting', schedulerId: 'x' });
      const body = JSON.stringify({ name: 'x', data: {}, delay: 1000, priority: 1, concurrency: 1, max: 1, duration: 1000, jobData: {} });
      const res = await send(world.t, { method: route.method, url, headers: { ...world.admin, 'content-type': 'application/json' }, body });
      // 405 (read only); a body the board checks first may be refused with 400 before that.
      expect([400, 405], `${keyOf(route)}: ${(res.text ?? '').slice(0, 200)}`).toContain(res.status);
      expectClientErrorShape(res, keyOf(route));
      if (res.status === 405) expect(res.body).toEqual({ error: { code: 'queue_read_only', message: expect.any(String) as string } });
    }
    const after = await send(world.t, { method: 'GET', url: `/admin/queues/api/queues/${queue}/${id}`, headers: world.admin });
    expect(after.status).toBe(200);
    expect((after.body as { job: unknown }).job).toEqual((before.body as { job: unknown }).job);
  });
});

describe('the fuzz suite itself', () => {
  it('knows every route of the table: a valid input, or a written reason why there is none', () => {
    const unknown = routes.filter((r) => noValidInput(keyOf(r)) === undefined && validRoute(r.method, r.url) === undefined).map(keyOf);
    expect(unknown, 'routes without a valid-input generator (add one to fuzz/valid-requests.ts)').toEqual([]);
    // The schemas are the app's own, as it registered them.
    expect(captured.some((r) => r.url === '/api/v1/findings' && r.schema?.querystring !== undefined)).toBe(true);
  });

  it('reached the success status at least once on every route that has a valid input', () => {
    const expected = withValidInput.map(({ route }) => keyOf(route));
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.filter((k) => (successes.get(k) ?? 0) === 0)).toEqual([]);
  });

  it('fails on every route when the app answers 400 to everything', async () => {
    sabotage.answer400 = true;
    try {
      const survivors: string[] = [];
      for (const { route, valid } of withValidInput) {
        if (!(await fails(validProperty(route, valid), 2))) survivors.push(keyOf(route));
      }
      expect(survivors, 'valid properties that pass against an app answering 400 to everything').toEqual([]);
    } finally {
      sabotage.answer400 = false;
    }
  });
});
