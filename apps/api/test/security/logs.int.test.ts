import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, factories, memoryStream, sessionSetCookie, type TestApp } from '../helpers.ts';

// Secrets never reach a log: the request log at its most talkative (the production logger, writing to memory) and
// the audit log in the database, while every path that carries a password or a token runs, the unhappy ones
// included. (logging.int.test.ts covers login, token creation by cookie and token use; this adds the rest.)

let t: TestApp;
const log = memoryStream();

beforeAll(async () => {
  t = await buildTestApp({ logStream: log, env: { PILLAR_TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1' } });
});

afterAll(async () => {
  await t.close();
});

let address = 0;
const from = () => ({ 'x-forwarded-for': `198.51.100.${++address}` });

describe('secrets in logs', () => {
  it('never appear in the request log or the audit log, whatever path carried them', async () => {
    const secrets: [string, string][] = [];
    const keep = (what: string, value: string) => {
      expect(value.length, what).toBeGreaterThanOrEqual(12);
      secrets.push([what, value]);
      return value;
    };
    const make = factories(t.db, t.redis, t.redisPrefix);
    const bootstrap = await make.token('admin', 'bootstrap');
    keep('bootstrap token', bootstrap.secret);
    const admin = bearer(bootstrap.secret);

    // A user created through the API with a password, then that password changed.
    const first = keep('password at creation', 'Created-with-this-Pa55word!');
    const created = await t.http.post('/api/v1/users').set(admin).send({ email: 'logged@example.test', password: first, role: 'admin' }).expect(201);
    const id = (created.body as { id: string }).id;
    const second = keep('changed password', 'Changed-to-this-Pa55word?');
    await t.http.patch(`/api/v1/users/${id}`).set(admin).send({ password: second }).expect(200);
    // Refused passwords: too short (a message could quote it), too long, of the wrong type.
    await t.http.post('/api/v1/users').set(admin).send({ email: 'short@example.test', password: keep('refused long password', `${'Too-long-'.repeat(30)}x`), role: 'viewer' }).expect(400);
    await t.http.patch(`/api/v1/users/${id}`).set(admin).send({ password: [keep('password in an array', 'Array-wrapped-Pa55word')] }).expect(400);

    // Logins: the right password, a wrong one, one in malformed JSON, one for an unknown account, one locked out.
    const wrong = keep('wrong password', 'Not-the-right-Pa55word');
    await t.http.post('/api/v1/auth/login').set(from()).send({ email: 'logged@example.test', password: wrong }).expect(401);
    await t.http
      .post('/api/v1/auth/login')
      .set(from())
      .set('content-type', 'application/json')
      .send(`{"email":"logged@example.test","password":"${keep('password in broken JSON', 'Broken-json-Pa55word')}`)
      .expect(400);
    await t.http.post('/api/v1/auth/login').set(from()).send({ email: 'ghost@example.test', password: keep('password of nobody', 'Ghost-account-Pa55word') }).expect(401);
    const login = await t.http.post('/api/v1/auth/login').set(from()).send({ email: 'LOGGED@example.test', password: second }).expect(200);
    const cookie = sessionSetCookie(login.headers['set-cookie']).split(';')[0] ?? '';
    keep('session cookie', cookie.split('=')[1] ?? '');
    keep('session secret', (cookie.split('=')[1] ?? '').split('.')[0] ?? '');
    const csrf = keep('CSRF token', (login.body as { csrfToken: string }).csrfToken);

    // Tokens: created by bearer and by cookie, used (also in lowercase `bearer`), revoked, used after revocation.
    const byBearer = await t.http.post('/api/v1/tokens').set(admin).send({ name: 'by bearer', role: 'viewer' }).expect(201);
    const viewerSecret = keep('token made by bearer', (byBearer.body as { secret: string }).secret);
    const byCookie = await t.http.post('/api/v1/tokens').set('cookie', cookie).set('x-csrf-token', csrf).send({ name: 'by cookie', role: 'admin' }).expect(201);
    const adminSecret = keep('token made by cookie', (byCookie.body as { secret: string }).secret);
    await t.http.get('/api/v1/me').set('authorization', `bearer ${viewerSecret}`).expect(200);
    await t.http.get('/api/v1/findings?q=x').set(bearer(adminSecret)).expect(200);
    await t.http.get('/admin/queues/api/queues').set(bearer(adminSecret)).expect(200);
    await t.http.get('/api/v1/users').set(bearer(viewerSecret)).expect(403);
    await t.http.delete(`/api/v1/tokens/${(byBearer.body as { id: string }).id}`).set(bearer(adminSecret)).expect(204);
    await t.http.get('/api/v1/me').set(bearer(viewerSecret)).expect(401);
    await t.http.get('/api/v1/me').set('cookie', `${cookie}tampered`).expect(401);
    await t.http.post('/api/v1/auth/logout').set('cookie', cookie).set('x-csrf-token', csrf).expect(204);

    // A locked account: the 11th try answers 429 and is audited; its password is never written.
    for (let i = 0; i < 11; i++) await t.http.post('/api/v1/auth/login').set(from()).send({ email: 'logged@example.test', password: `${wrong}-${i}` });

    const requestLog = log.text();
    // The capture is real: the requests are in it, with their ids.
    expect(requestLog).toContain(login.headers['x-request-id']);
    expect(requestLog).toContain('/api/v1/users');
    const audit = JSON.stringify(await t.db.prisma.auditLog.findMany(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(audit).toContain('auth.login_locked');
    expect(audit).toContain('token.create');
    for (const [what, value] of secrets) {
      expect(requestLog.includes(value), `${what} appears in the request log`).toBe(false);
      expect(audit.includes(value), `${what} appears in the audit log`).toBe(false);
    }
    // Nor the part after a token's public prefix.
    for (const secret of [bootstrap.secret, viewerSecret, adminSecret]) {
      expect(requestLog.includes(secret.slice(13)), 'a token body appears in the request log').toBe(false);
    }
  });
});
