import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@pillar/testkit';
import { bearer, buildTestApp, errorOf, factories, login, PASSWORD, sessionSetCookie, type TestApp, uniqueEmail } from './helpers.ts';

let db: TestDatabase;
let t: TestApp;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

/**
 * Each group of tests gets its own app (and Redis prefix): logins are limited to 10 a minute per address,
 * and every test logs in from 127.0.0.1.
 */
function freshAppPerGroup(): void {
  beforeAll(async () => {
    t = await buildTestApp({ db });
    make = factories(db, t.redis, t.redisPrefix);
  });
  afterAll(async () => {
    await t.close();
  });
}

const lastAudit = (action: string) => db.prisma.auditLog.findFirst({ where: { action }, orderBy: { id: 'desc' } });

function hasOpenSsl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('login', () => {
  freshAppPerGroup();
  it('sets a signed HttpOnly SameSite=Strict session cookie, not Secure over plain HTTP, and answers the CSRF token', async () => {
    const user = await make.user({ role: 'admin' });
    const res = await t.http.post('/api/v1/auth/login').send({ email: user.email.toUpperCase(), password: PASSWORD }).expect(200);
    expect(res.body).toEqual({ email: user.email, role: 'admin', csrfToken: expect.any(String) as string });
    const cookie = sessionSetCookie(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
    // Signed: the value carries the signature after the secret.
    expect(cookie.split(';')[0]).toMatch(/^pillar_session=[\w-]+\.[\w%+/=-]+$/);
    const audit = await lastAudit('auth.login');
    expect(audit).toMatchObject({ actorType: 'user', actorLabel: user.email, requestId: res.headers['x-request-id'] });
  });

  it('marks the cookie Secure behind a trusted proxy that terminated TLS', async () => {
    const proxied = await buildTestApp({ db, env: { PILLAR_TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1' } });
    try {
      const user = await make.user();
      const res = await proxied.http
        .post('/api/v1/auth/login')
        .set('x-forwarded-proto', 'https')
        .set('x-forwarded-for', '203.0.113.7')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      expect(sessionSetCookie(res.headers['set-cookie'])).toMatch(/; Secure/);
      expect(await lastAudit('auth.login')).toMatchObject({ ip: '203.0.113.7' });
    } finally {
      await proxied.close();
    }
  });

  it.skipIf(!hasOpenSsl())('marks the cookie Secure and sends HSTS when the server terminates TLS itself', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pillar-tls-'));
    try {
      const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], {
        stdio: 'ignore',
      });
      const https = await buildTestApp({ db, tls: { cert: readFileSync(cert), key: readFileSync(key) } });
      try {
        const user = await make.user();
        const res = await request(https.app.server)
          .post('/api/v1/auth/login')
          .ca(readFileSync(cert))
          .send({ email: user.email, password: PASSWORD })
          .expect(200);
        expect(sessionSetCookie(res.headers['set-cookie'])).toMatch(/; Secure/);
        expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      } finally {
        await https.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 401 with one generic message for a wrong password and an unknown email, and audits both', async () => {
    const user = await make.user();
    const wrong = await t.http
      .post('/api/v1/auth/login')
      .set('user-agent', 'brute/1.0')
      .send({ email: user.email, password: 'not the password' })
      .expect(401);
    const unknown = await t.http.post('/api/v1/auth/login').send({ email: uniqueEmail('ghost'), password: 'whatever' }).expect(401);
    expect(wrong.body).toEqual({ error: { code: 'unauthorized', message: 'Wrong email or password.' } });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const rows = await db.prisma.auditLog.findMany({ where: { action: 'auth.login_failed' }, orderBy: { id: 'asc' } });
    expect(rows.find((r) => r.target === user.email)).toMatchObject({
      actorType: 'anonymous',
      userAgent: 'brute/1.0',
      requestId: wrong.headers['x-request-id'],
      ip: expect.stringMatching(/127\.0\.0\.1$/) as string,
    });
    expect(rows.some((r) => r.requestId === unknown.headers['x-request-id'])).toBe(true);
  });

  it('answers 400 to a malformed login body without counting it as a failed login', async () => {
    for (const body of [{}, { email: 'not-an-email', password: 'x' }, { email: 'a@b.test', password: '' }, { email: 'a@b.test', password: 'x'.repeat(257) }]) {
      const res = await t.http.post('/api/v1/auth/login').send(body).expect(400);
      expect(errorOf(res).code).toBe('invalid_request');
    }
  });
});

describe('the session', () => {
  freshAppPerGroup();
  it('/me answers the email, role and CSRF token of a cookie session', async () => {
    const user = await make.user();
    const session = await login(t, user.email);
    const res = await t.http.get('/api/v1/me').set('cookie', session.cookie).expect(200);
    expect(res.body).toEqual({ email: user.email, role: 'viewer', csrfToken: session.csrfToken });
  });

  it('/me answers a token caller with its name and role, and a null email', async () => {
    const token = await make.token('admin', 'ci-pipeline');
    const res = await t.http.get('/api/v1/me').set(bearer(token.secret)).expect(200);
    expect(res.body).toEqual({ email: null, role: 'admin', tokenName: 'ci-pipeline' });
  });

  it('refuses a change made with the cookie unless the x-csrf-token header carries the session token', async () => {
    const admin = await make.user({ role: 'admin' });
    const session = await login(t, admin.email);
    const without = await t.http.post('/api/v1/tokens').set('cookie', session.cookie).send({ name: 'x', role: 'viewer' }).expect(403);
    expect(errorOf(without).code).toBe('forbidden');
    await t.http
      .post('/api/v1/tokens')
      .set('cookie', session.cookie)
      .set('x-csrf-token', `${session.csrfToken}x`)
      .send({ name: 'x', role: 'viewer' })
      .expect(403);
    // Another session's token is not this session's.
    const other = await login(t, admin.email);
    await t.http
      .post('/api/v1/tokens')
      .set('cookie', session.cookie)
      .set('x-csrf-token', other.csrfToken)
      .send({ name: 'x', role: 'viewer' })
      .expect(403);
    await t.http
      .post('/api/v1/tokens')
      .set('cookie', session.cookie)
      .set('x-csrf-token', session.csrfToken)
      .send({ name: 'x', role: 'viewer' })
      .expect(201);
    expect(await db.prisma.apiToken.count({ where: { name: 'x' } })).toBe(1);
  });

  it('needs no CSRF token for a change made with a bearer token', async () => {
    const token = await make.token('admin');
    await t.http.post('/api/v1/tokens').set(bearer(token.secret)).send({ name: 'from-bearer', role: 'viewer' }).expect(201);
  });

  it('refuses a cookie whose signature does not match', async () => {
    const user = await make.user();
    const session = await login(t, user.email);
    const [name, value] = session.cookie.split('=') as [string, string];
    const secret = value.split('.')[0] ?? '';
    await t.http.get('/api/v1/me').set('cookie', `${name}=${secret}.forged`).expect(401);
    await t.http.get('/api/v1/me').set('cookie', `${name}=${secret}`).expect(401);
  });

  it('ends the session at logout: the cookie is cleared and no longer works', async () => {
    const user = await make.user();
    const session = await login(t, user.email);
    const res = await t.http.post('/api/v1/auth/logout').set('cookie', session.cookie).set('x-csrf-token', session.csrfToken).expect(204);
    expect(res.text).toBe('');
    expect(sessionSetCookie(res.headers['set-cookie'])).toMatch(/pillar_session=;.*Expires=Thu, 01 Jan 1970/);
    await t.http.get('/api/v1/me').set('cookie', session.cookie).expect(401);
    expect(await lastAudit('auth.logout')).toMatchObject({ actorLabel: user.email, requestId: res.headers['x-request-id'] });
    // Logging out again (or without a session) is harmless.
    await t.http.post('/api/v1/auth/logout').set('cookie', session.cookie).expect(204);
    await t.http.post('/api/v1/auth/logout').expect(204);
  });

  it('refuses the session of a user who has been disabled since', async () => {
    const user = await make.user();
    const session = await login(t, user.email);
    await db.prisma.appUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await t.http.get('/api/v1/me').set('cookie', session.cookie).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
  });
});

describe('login brute force', () => {
  freshAppPerGroup();
  it('answers 429 after 10 attempts a minute from one address, whatever the accounts', async () => {
    const fresh = await buildTestApp({ db });
    try {
      for (let i = 0; i < 10; i++) {
        await fresh.http.post('/api/v1/auth/login').send({ email: uniqueEmail('spray'), password: 'guess' }).expect(401);
      }
      const user = await make.user();
      const res = await fresh.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(429);
      expect(res.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) as string } });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // The limit is the login's own: other routes still answer.
      await fresh.http.get('/api/v1/health').expect(200);
    } finally {
      await fresh.close();
    }
  });

  it('locks one account after 10 failed logins from any addresses, even for the right password', async () => {
    const proxied = await buildTestApp({ db, env: { PILLAR_TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1' } });
    try {
      const victim = await make.user();
      const bystander = await make.user();
      for (let i = 0; i < 10; i++) {
        await proxied.http
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', `198.51.100.${i + 1}`)
          .send({ email: victim.email, password: `guess-${i}` })
          .expect(401);
      }
      const locked = await proxied.http
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', '198.51.100.200')
        .send({ email: victim.email, password: PASSWORD })
        .expect(429);
      expect(errorOf(locked)).toEqual({ code: 'rate_limited', message: expect.stringMatching(/this account/) as string });
      expect(await lastAudit('auth.login_locked')).toMatchObject({ target: victim.email, ip: '198.51.100.200' });
      // Other accounts, from the same address, are not locked.
      await proxied.http
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', '198.51.100.200')
        .send({ email: bystander.email, password: PASSWORD })
        .expect(200);
    } finally {
      await proxied.close();
    }
  });
});
