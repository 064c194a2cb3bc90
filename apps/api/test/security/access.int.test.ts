import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BODY_LIMIT } from '../../src/app.ts';
import type { RouteAccess } from '../../src/plugins/access.ts';
import { sessionSetCookie } from '../helpers.ts';
import { check } from '../fuzz/check.ts';
import { expectClientErrorShape, expectSoundAnswer, planRequest, schemaOf, send, urlOf } from '../fuzz/http.ts';
import { junkRequest } from '../fuzz/junk-requests.ts';
import { defaultAs, fuzzSuite, keyOf } from '../fuzz/suite.ts';
import { noValidInput, validRoute, type Plan } from '../fuzz/valid-requests.ts';

// Who may do what, over the app's own route table and with inputs that would otherwise succeed: no credential is
// 401 whatever the input; a viewer is 403 on every admin route and changes nothing; viewer and admin get 2xx on
// every route of their level; a session cookie with a tampered signature is 401; a change made with the cookie
// but without its CSRF token is 403 and changes nothing; a body over the limit is 413 on every route that reads one.
// (surface.int.test.ts walks the table with empty inputs; this file adds valid and junk ones.)

vi.mock('fastify', async (importOriginal) => (await import('../fuzz/capture.ts')).capturingFastify(await importOriginal()));

const { world, routes, credentials } = await fuzzSuite(23);
afterAll(async () => {
  await world.close();
});

const guarded = routes.filter((r) => r.access !== 'public');
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes with a valid input, each with its entry. */
const valids = routes.flatMap((route) => {
  const valid = validRoute(route.method, route.url);
  return noValidInput(keyOf(route)) === undefined && valid !== undefined ? [{ route, valid }] : [];
});

/** Path parameters for a route with no valid input: well-formed, so the request reaches that route. */
const SAMPLE_PARAMS = {
  id: '00000000-0000-4000-8000-000000000000',
  accountId: world.facts.accountIds[0] ?? '123456789012',
  controlId: 'IAM.1',
  queueName: world.facts.probeJob.queue,
  jobId: world.facts.probeJob.id,
  queueStatus: 'failed',
  schedulerId: 'x',
};

async function prepared(route: RouteAccess, as: Plan['as'], headers: Record<string, string> = {}): Promise<Plan> {
  const valid = validRoute(route.method, route.url);
  if (!valid) throw new Error(`no valid input for ${keyOf(route)}`);
  const [plan] = fc.sample(valid.plans(world.facts), { numRuns: 1, seed: 1 });
  const ready = await (valid.prepare?.(world, plan ?? {}) ?? plan ?? {});
  return { ...ready, as, headers: { ...ready.headers, ...headers } };
}

const request = (route: RouteAccess, plan: Plan) => send(world.t, planRequest(route.method, route.url, plan, credentials));

/** Counts of everything a change route could touch: a refused change leaves them all as they were. */
async function state() {
  const [rows] = await world.t.db.prisma.$queryRaw<Record<string, number>[]>`
    SELECT (SELECT count(*)::int FROM app_user) AS users,
           (SELECT count(*)::int FROM app_user WHERE disabled_at IS NOT NULL) AS disabled,
           (SELECT count(*)::int FROM app_user WHERE role = 'admin') AS admins,
           (SELECT count(*)::int FROM api_token) AS tokens,
           (SELECT count(*)::int FROM api_token WHERE revoked_at IS NOT NULL) AS revoked,
           (SELECT count(*)::int FROM domain_override) AS overrides,
           (SELECT count(*)::int FROM sync_run) AS syncs`;
  return rows;
}

let address = 0;
/** An admin session as a browser holds it: the cookie (name=value) and its CSRF token. */
async function adminSession() {
  const admin = await world.make.user({ role: 'admin' });
  const res = await world.t.http
    .post('/api/v1/auth/login')
    .set('x-forwarded-for', `198.19.0.${++address}`)
    .send({ email: admin.email, password: admin.password })
    .expect(200);
  const cookie = sessionSetCookie(res.headers['set-cookie']).split(';')[0] ?? '';
  return { cookie, csrfToken: (res.body as { csrfToken: string }).csrfToken };
}

describe('no credential', () => {
  it('is 401 on every guarded route even with an input that would otherwise succeed', async () => {
    expect(guarded.length).toBeGreaterThan(40);
    for (const route of guarded) {
      const plan = validRoute(route.method, route.url) ? await prepared(route, 'none') : { params: SAMPLE_PARAMS };
      const res = await request(route, plan);
      expect(res.status, keyOf(route)).toBe(401);
      if (route.method !== 'HEAD') expect(res.body, keyOf(route)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) as string } });
    }
  });

  it('is 401 on every guarded route whatever junk comes with it (authentication comes before validation)', async () => {
    for (const route of guarded) {
      const schema = schemaOf(route.method === 'HEAD' ? 'GET' : route.method, route.url);
      await check(
        fc.asyncProperty(junkRequest(route.method, route.url, schema, world.facts, {}), async (req) => {
          const res = await send(world.t, req);
          // A URL Node or Fastify refuses before routing (431, a malformed path, a path parameter over the router's
          // length limit) never reaches a route at all.
          const message = (res.body as { error?: { message?: string } }).error?.message;
          if (res.status === 431 || (res.status === 400 && message === 'The URL is malformed.')) return;
          if (res.status === 414 && message === 'A path parameter is too long.') return;
          expect(res.status, `${keyOf(route)} ${req.url.slice(0, 100)}`).toBe(401);
        }),
        3,
      );
    }
  });
});

describe('a tampered session cookie', () => {
  it('is 401 on every guarded route: another signature, none, a changed secret, another session’s signature', async () => {
    const a = await adminSession();
    const b = await adminSession();
    const [name, value] = a.cookie.split('=') as [string, string];
    const [secret, signature] = value.split('.') as [string, string];
    const otherSignature = b.cookie.split('.').at(-1) ?? '';
    const flip = (s: string) => `${s.slice(0, -2)}${s.at(-2) === 'A' ? 'B' : 'A'}${s.at(-1)}`;
    const forged = [`${secret}.${flip(signature)}`, secret, `${flip(secret)}.${signature}`, `${secret}.${otherSignature}`, `${secret}.${signature}x`];
    // The untampered cookie works: the refusals below are the tampering's.
    await world.t.http.get('/api/v1/me').set('cookie', a.cookie).expect(200);
    for (const route of guarded) {
      for (const cookie of forged) {
        const url = urlOf(route.url, SAMPLE_PARAMS).replace(/\*$/, 'x');
        const res = await send(world.t, { method: route.method, url, headers: { cookie: `${name}=${cookie}`, 'x-csrf-token': a.csrfToken } });
        expect(res.status, `${keyOf(route)} with ${cookie.slice(-12)}`).toBe(401);
      }
    }
  });
});

describe('the viewer and admin matrix', () => {
  it('answers 403 to a viewer on every admin route with a valid input, and changes nothing', async () => {
    const admins = valids.filter(({ route }) => route.access === 'admin');
    expect(admins.length).toBeGreaterThan(10);
    for (const { route } of admins) {
      const plan = await prepared(route, 'viewer');
      const before = await state();
      const res = await request(route, plan);
      expect(res.status, keyOf(route)).toBe(403);
      if (route.method !== 'HEAD') expect(res.body, keyOf(route)).toEqual({ error: { code: 'forbidden', message: expect.any(String) as string } });
      expect(await state(), `${keyOf(route)} changed something for a viewer`).toEqual(before);
    }
  });

  it('answers 2xx to a viewer on every viewer route with a valid input', async () => {
    const viewers = valids.filter(({ route }) => route.access === 'viewer');
    expect(viewers.length).toBeGreaterThan(20);
    for (const { route, valid } of viewers) {
      const res = await request(route, await prepared(route, 'viewer'));
      expect(res.status, `${keyOf(route)}: ${(res.text ?? '').slice(0, 200)}`).toBe(valid.status);
      expectSoundAnswer(res, route.method, route.url, keyOf(route));
    }
  });

  it('answers 2xx to an admin on every viewer and admin route with a valid input', async () => {
    for (const { route, valid } of valids.filter(({ route: r }) => r.access !== 'public')) {
      const res = await request(route, await prepared(route, 'admin'));
      expect(res.status, `${keyOf(route)}: ${(res.text ?? '').slice(0, 200)}`).toBe(valid.status);
    }
  });
});

describe('CSRF', () => {
  it('refuses every change made with the session cookie without its CSRF token (403, nothing changed), and allows it with', async () => {
    const session = await adminSession();
    const other = await adminSession();
    const changes = guarded.filter((r) => CHANGES.has(r.method));
    expect(changes.length).toBeGreaterThan(10);
    for (const route of changes) {
      const hasValid = validRoute(route.method, route.url) !== undefined && noValidInput(keyOf(route)) === undefined;
      const base: Plan = hasValid ? await prepared(route, 'none') : { params: SAMPLE_PARAMS };
      for (const csrf of [undefined, `${session.csrfToken}x`, other.csrfToken, '']) {
        const before = await state();
        const headers: Record<string, string> = { ...base.headers, cookie: session.cookie, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) };
        const res = await request(route, { ...base, headers });
        expect(res.status, `${keyOf(route)} with CSRF token ${String(csrf)}`).toBe(403);
        expectClientErrorShape(res, keyOf(route));
        expect(await state(), `${keyOf(route)} changed something without its CSRF token`).toEqual(before);
      }
      if (hasValid) {
        const plan = await prepared(route, 'none', { cookie: session.cookie, 'x-csrf-token': session.csrfToken });
        const res = await request(route, plan);
        expect(res.status, `${keyOf(route)} with its CSRF token: ${(res.text ?? '').slice(0, 200)}`).toBe(validRoute(route.method, route.url)?.status);
      }
    }
  });
});

describe('oversized bodies', () => {
  it('answers 413 in the contract shape on every route that reads a body, before any work', async () => {
    const bodies = routes.filter((r) => CHANGES.has(r.method));
    const huge = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT), role: 'viewer', email: 'a@b.test', password: 'y'.repeat(20) });
    for (const route of bodies) {
      const before = await state();
      const url = urlOf(route.url, SAMPLE_PARAMS);
      const res = await send(world.t, {
        method: route.method,
        url,
        headers: { ...(defaultAs(route) === 'none' ? {} : world.admin), 'content-type': 'application/json', 'x-forwarded-for': `198.19.1.${++address % 250}` },
        body: huge,
      });
      expect(res.status, keyOf(route)).toBe(413);
      expect(res.body, keyOf(route)).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) as string } });
      expect(await state(), keyOf(route)).toEqual(before);
    }
  });
});
