import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, factories, memoryStream, sessionSetCookie, type TestApp } from './helpers.ts';

let t: TestApp;
const log = memoryStream();

beforeAll(async () => {
  // The production logger (pino with the redaction paths), at its most talkative, writing to memory.
  t = await buildTestApp({ logStream: log });
});

afterAll(async () => {
  await t.close();
});

describe('the request log', () => {
  it('never contains a password, a token secret, a session cookie or a CSRF token', async () => {
    const password = 'hunter2-but-much-longer-Zq9';
    const admin = await factories(t.db, t.redis, t.redisPrefix).user({ role: 'admin', password });
    await t.http.post('/api/v1/auth/login').send({ email: admin.email, password: 'wrong-password-Xy7-abcdef' }).expect(401);
    const loggedIn = await t.http.post('/api/v1/auth/login').send({ email: admin.email, password }).expect(200);
    const cookie = sessionSetCookie(loggedIn.headers['set-cookie']).split(';')[0] ?? '';
    const csrfToken = (loggedIn.body as { csrfToken: string }).csrfToken;

    const created = await t.http
      .post('/api/v1/tokens')
      .set('cookie', cookie)
      .set('x-csrf-token', csrfToken)
      .send({ name: 'logged', role: 'admin' })
      .expect(201);
    const secret = (created.body as { secret: string }).secret;
    await t.http.get('/api/v1/me').set(bearer(secret)).expect(200);
    await t.http.get('/api/v1/me?token=leak').set(bearer(`${secret.slice(0, -1)}A`)).expect(401);
    await t.http.post('/api/v1/users').set(bearer(secret)).send({ email: 'x@y.test', password: 'short' }).expect(400);
    await t.http.post('/api/v1/auth/logout').set('cookie', cookie).set('x-csrf-token', csrfToken).expect(204);

    const text = log.text();
    // The capture works: request lines with their ids are there.
    expect(text).toContain(loggedIn.headers['x-request-id']);
    expect(text).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    expect(text).toContain('/api/v1/tokens');
    for (const [what, value] of [
      ['password', password],
      ['wrong password', 'wrong-password-Xy7-abcdef'],
      ['token secret', secret],
      ['token secret body', secret.slice('pillar_'.length)],
      ['session cookie', cookie.split('=')[1] ?? ''],
      ['session secret', (cookie.split('=')[1] ?? '').split('.')[0] ?? ''],
      ['CSRF token', csrfToken],
    ] as const) {
      expect(value.length, what).toBeGreaterThan(10);
      expect(text.includes(value), `${what} appears in the log`).toBe(false);
    }
  });

  it('censors the credential fields of anything a handler logs', () => {
    t.app.log.warn({ body: { email: 'a@b.test', password: 'pw-in-a-body-123456', secret: 'pillar_secret-in-a-body' } }, 'logged a body');
    const line = log.text().split('\n').find((l) => l.includes('logged a body')) ?? '';
    expect(JSON.parse(line)).toMatchObject({ body: { email: 'a@b.test', password: '[redacted]', secret: '[redacted]' } });
  });
});
