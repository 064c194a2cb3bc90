import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@pillar/identity';
import { createTestDatabase, type TestDatabase } from '@pillar/testkit';
import { bearer, buildTestApp, errorOf, factories, login, PASSWORD, type TestApp, uniqueEmail } from './helpers.ts';

let t: TestApp;
let make: ReturnType<typeof factories>;
let admin: { secret: string; id: string };

beforeAll(async () => {
  t = await buildTestApp();
  make = factories(t.db, t.redis, t.redisPrefix);
  admin = await make.token('admin', 'admin-token');
  // An admin login besides the ones tests create and delete: "the last active admin" has its own tests.
  await make.user({ role: 'admin' });
});

afterAll(async () => {
  await t.close();
});

type TokenItem = { id: string; name: string; lastUsedAt: string | null; revokedAt: string | null };
type AuditItem = { id: string; at: string; actorType: string; actorLabel: string | null; action: string; target: string | null; detail: unknown; ip: string | null; userAgent: string | null; requestId: string | null };

describe('API tokens', () => {
  it('shows a new secret once: it works as a bearer credential, and the list never shows it', async () => {
    const created = await t.http.post('/api/v1/tokens').set(bearer(admin.secret)).send({ name: '  deploy bot ', role: 'viewer' }).expect(201);
    const body = created.body as { id: string; name: string; role: string; prefix: string; createdAt: string; secret: string };
    expect(body).toEqual({
      id: expect.any(String) as string,
      name: 'deploy bot',
      role: 'viewer',
      prefix: body.secret.slice(0, 13),
      createdAt: expect.any(String) as string,
      secret: expect.stringMatching(/^pillar_[\w-]{43}$/) as string,
    });
    await t.http.get('/api/v1/me').set(bearer(body.secret)).expect(200, { email: null, role: 'viewer', tokenName: 'deploy bot' });

    const list = await t.http.get('/api/v1/tokens').set(bearer(admin.secret)).expect(200);
    expect(list.text).not.toContain(body.secret);
    expect(list.text).not.toContain(body.secret.slice(13));
    const item = (list.body as { items: Record<string, unknown>[] }).items.find((i) => i.id === body.id);
    expect(Object.keys(item ?? {}).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'role']);
    // Only the digest is stored.
    const row = await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.tokenDigest.length).toBe(32);
    expect(Buffer.from(row.tokenDigest).toString('hex')).toBe(sha256(body.secret));
  });

  it('records when a token was last used', async () => {
    const token = await make.token('viewer');
    const before = await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(before.lastUsedAt).toBeNull();
    const start = Date.now();
    await t.http.get('/api/v1/me').set(bearer(token.secret)).expect(200);
    const list = await t.http.get('/api/v1/tokens').set(bearer(admin.secret)).expect(200);
    const item = (list.body as { items: TokenItem[] }).items.find((i) => i.id === token.id);
    expect(Date.parse(item?.lastUsedAt ?? '')).toBeGreaterThanOrEqual(start - 1000);
  });

  it('refuses a revoked token with 401; revoking twice is harmless; an unknown id is 404 and a malformed one 400', async () => {
    const token = await make.token('admin');
    await t.http.get('/api/v1/me').set(bearer(token.secret)).expect(200);
    const res = await t.http.delete(`/api/v1/tokens/${token.id}`).set(bearer(admin.secret)).expect(204);
    expect(res.text).toBe('');
    await t.http.get('/api/v1/me').set(bearer(token.secret)).expect(401);
    await t.http.delete(`/api/v1/tokens/${token.id}`).set(bearer(admin.secret)).expect(204);
    const unknown = await t.http.delete(`/api/v1/tokens/${randomUUID()}`).set(bearer(admin.secret)).expect(404);
    expect(errorOf(unknown).code).toBe('not_found');
    await t.http.delete('/api/v1/tokens/not-a-uuid').set(bearer(admin.secret)).expect(400);
    const list = await t.http.get('/api/v1/tokens').set(bearer(admin.secret)).expect(200);
    expect((list.body as { items: TokenItem[] }).items.find((i) => i.id === token.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('refuses malformed and unknown bearer values with 401', async () => {
    for (const value of ['Bearer', 'Bearer nope', `Bearer pillar_${'A'.repeat(43)}`, `Basic ${admin.secret}`, `Bearer ${admin.secret} extra`]) {
      const res = await t.http.get('/api/v1/me').set('authorization', value).expect(401);
      expect(errorOf(res).code).toBe('unauthorized');
    }
  });

  it('validates token bodies: 400 with the error shape', async () => {
    for (const body of [{}, { name: 'x' }, { name: '', role: 'viewer' }, { name: '   ', role: 'viewer' }, { name: 'x'.repeat(101), role: 'viewer' }, { name: 'x', role: 'root' }, { name: 'x', role: 'viewer', secret: 'mine' }, [1]]) {
      const res = await t.http.post('/api/v1/tokens').set(bearer(admin.secret)).send(body as object).expect(400);
      expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) as string } });
    }
  });
});

describe('users', () => {
  it('creates a login (email lowercased), refuses a duplicate with 409, lists, changes and deletes it', async () => {
    const email = uniqueEmail('New.User');
    const created = await t.http
      .post('/api/v1/users')
      .set(bearer(admin.secret))
      .send({ email: email.toUpperCase(), password: PASSWORD, role: 'viewer' })
      .expect(201);
    const user = created.body as { id: string; email: string };
    expect(created.body).toEqual({ id: expect.any(String) as string, email: email.toLowerCase(), role: 'viewer', createdAt: expect.any(String) as string, lastLoginAt: null, disabled: false });
    expect(created.text).not.toContain(PASSWORD);
    const dup = await t.http.post('/api/v1/users').set(bearer(admin.secret)).send({ email, password: PASSWORD, role: 'admin' }).expect(409);
    expect(errorOf(dup).code).toBe('conflict');

    const list = await t.http.get('/api/v1/users').set(bearer(admin.secret)).expect(200);
    expect((list.body as { items: { id: string }[] }).items.map((u) => u.id)).toContain(user.id);
    expect(list.text).not.toMatch(/password|scrypt/i);

    const promoted = await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.secret)).send({ role: 'admin' }).expect(200);
    expect(promoted.body).toMatchObject({ id: user.id, role: 'admin', disabled: false });

    await t.http.delete(`/api/v1/users/${user.id}`).set(bearer(admin.secret)).expect(204);
    await t.http.delete(`/api/v1/users/${user.id}`).set(bearer(admin.secret)).expect(404);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.secret)).send({ role: 'viewer' }).expect(404);
  });

  it('ends the sessions of a user whose password changes, and the new password logs in', async () => {
    const user = await make.user();
    const session = await login(t, user.email);
    const newPassword = 'a brand new passphrase';
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.secret)).send({ password: newPassword }).expect(200);
    await t.http.get('/api/v1/me').set('cookie', session.cookie).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
    await login(t, user.email, newPassword);
  });

  it('disables a user: their sessions end and they cannot log in until enabled again', async () => {
    const user = await make.user();
    const session = await login(t, user.email);
    const res = await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.secret)).send({ disabled: true }).expect(200);
    expect(res.body).toMatchObject({ disabled: true });
    await t.http.get('/api/v1/me').set('cookie', session.cookie).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.secret)).send({ disabled: false }).expect(200);
    await login(t, user.email);
  });

  it('validates user bodies and ids: 400 with the error shape', async () => {
    const bad: object[] = [
      {},
      { email: 'nope', password: PASSWORD, role: 'viewer' },
      { email: uniqueEmail(), password: 'short', role: 'viewer' },
      { email: uniqueEmail(), password: 'x'.repeat(257), role: 'viewer' },
      { email: uniqueEmail(), password: PASSWORD, role: 'owner' },
      { email: `${'x'.repeat(250)}@example.test`, password: PASSWORD, role: 'viewer' },
      { email: uniqueEmail(), password: PASSWORD, role: 'viewer', isAdmin: true },
    ];
    for (const body of bad) {
      const res = await t.http.post('/api/v1/users').set(bearer(admin.secret)).send(body).expect(400);
      expect(errorOf(res).code).toBe('invalid_request');
    }
    const user = await make.user();
    for (const body of [{}, { role: 'root' }, { password: 'short' }, { disabled: 'yes' }, { email: 'x@y.test' }]) {
      await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.secret)).send(body).expect(400);
    }
    await t.http.patch('/api/v1/users/123').set(bearer(admin.secret)).send({ role: 'admin' }).expect(400);
    await t.http.delete('/api/v1/users/123').set(bearer(admin.secret)).expect(400);
  });
});

describe('the last active admin', () => {
  let db: TestDatabase;
  let own: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    own = await buildTestApp({ db });
  });
  afterAll(async () => {
    await own.close();
    await db.drop();
  });

  it('cannot demote, disable or delete themselves (409) until another admin exists', async () => {
    const f = factories(db, own.redis, own.redisPrefix);
    const me = await f.user({ role: 'admin' });
    const session = await login(own, me.email);
    const as = (req: ReturnType<TestApp['http']['get']>) => req.set('cookie', session.cookie).set('x-csrf-token', session.csrfToken);

    for (const body of [{ role: 'viewer' }, { disabled: true }]) {
      const res = await as(own.http.patch(`/api/v1/users/${me.id}`)).send(body).expect(409);
      expect(errorOf(res)).toEqual({ code: 'conflict', message: expect.stringMatching(/last active admin/) as string });
    }
    await as(own.http.delete(`/api/v1/users/${me.id}`)).expect(409);
    // A disabled admin does not count.
    const dormant = await f.user({ role: 'admin' });
    await db.prisma.appUser.update({ where: { id: dormant.id }, data: { disabledAt: new Date() } });
    await as(own.http.patch(`/api/v1/users/${me.id}`)).send({ role: 'viewer' }).expect(409);
    // Unchanged by the refusals.
    expect(await db.prisma.appUser.findUniqueOrThrow({ where: { id: me.id } })).toMatchObject({ role: 'admin', disabledAt: null });
    // Changing the password is always allowed.
    await as(own.http.patch(`/api/v1/users/${me.id}`)).send({ password: 'another long passphrase' }).expect(200);

    const next = await f.user({ role: 'admin' });
    const session2 = await login(own, next.email);
    await own.http
      .patch(`/api/v1/users/${me.id}`)
      .set('cookie', session2.cookie)
      .set('x-csrf-token', session2.csrfToken)
      .send({ role: 'viewer' })
      .expect(200);
    await own.http.delete(`/api/v1/users/${next.id}`).set('cookie', session2.cookie).set('x-csrf-token', session2.csrfToken).expect(409);
  });
});

describe('the audit log', () => {
  it('records every change with the actor, address, user agent and request id', async () => {
    const adminUser = await make.user({ role: 'admin' });
    const loggedIn = await t.http.post('/api/v1/auth/login').set('user-agent', 'audit-test').send({ email: adminUser.email, password: PASSWORD }).expect(200);
    const cookie = (loggedIn.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] ?? '';
    const csrf = (loggedIn.body as { csrfToken: string }).csrfToken;
    const asAdmin = <T extends { set(k: string, v: string): T }>(req: T) => req.set('cookie', cookie).set('x-csrf-token', csrf).set('user-agent', 'audit-test');

    const failed = await t.http.post('/api/v1/auth/login').set('user-agent', 'audit-test').send({ email: adminUser.email, password: 'wrong password' }).expect(401);
    const tokenCreated = await asAdmin(t.http.post('/api/v1/tokens')).send({ name: 'audited', role: 'viewer' }).expect(201);
    const tokenId = (tokenCreated.body as { id: string }).id;
    const tokenRevoked = await asAdmin(t.http.delete(`/api/v1/tokens/${tokenId}`)).expect(204);
    const email = uniqueEmail('audited');
    const userCreated = await asAdmin(t.http.post('/api/v1/users')).send({ email, password: PASSWORD, role: 'viewer' }).expect(201);
    const userId = (userCreated.body as { id: string }).id;
    const userUpdated = await asAdmin(t.http.patch(`/api/v1/users/${userId}`)).send({ role: 'admin', password: 'changed passphrase!' }).expect(200);
    const userDeleted = await asAdmin(t.http.delete(`/api/v1/users/${userId}`)).expect(204);
    const loggedOut = await asAdmin(t.http.post('/api/v1/auth/logout')).expect(204);

    const page = await t.http.get('/api/v1/audit?limit=200').set(bearer(admin.secret)).expect(200);
    const items = (page.body as { items: AuditItem[] }).items;
    const byRequest = (res: { headers: Record<string, string> }) => items.find((i) => i.requestId === res.headers['x-request-id']);
    const expectations: [typeof loggedIn, Partial<AuditItem>][] = [
      [loggedIn, { action: 'auth.login', actorType: 'user', actorLabel: adminUser.email, target: adminUser.email }],
      [failed, { action: 'auth.login_failed', actorType: 'anonymous', actorLabel: adminUser.email }],
      [tokenCreated, { action: 'token.create', actorType: 'user', actorLabel: adminUser.email, target: tokenId, detail: { name: 'audited', role: 'viewer' } }],
      [tokenRevoked, { action: 'token.revoke', actorLabel: adminUser.email, target: tokenId }],
      [userCreated, { action: 'user.create', actorLabel: adminUser.email, target: email, detail: { role: 'viewer' } }],
      [userUpdated, { action: 'user.update', target: email, detail: { role: 'admin', passwordChanged: true, disabled: null } }],
      [userDeleted, { action: 'user.delete', target: email }],
      [loggedOut, { action: 'auth.logout', actorLabel: adminUser.email }],
    ];
    for (const [res, expected] of expectations) {
      expect(byRequest(res as never), expected.action).toMatchObject({ ...expected, userAgent: 'audit-test', ip: expect.stringMatching(/127\.0\.0\.1$/) as string });
    }
    // Nothing secret in the log: no password, no token secret.
    expect(page.text).not.toContain(PASSWORD);
    expect(page.text).not.toContain('changed passphrase!');
    expect(page.text).not.toContain((tokenCreated.body as { secret: string }).secret);
    // Newest first.
    const times = items.map((i) => Date.parse(i.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('pages newest first with an opaque cursor, ties on the time broken by id', async () => {
    const own = await buildTestApp();
    try {
      const token = await factories(own.db, own.redis, own.redisPrefix).token('admin');
      const at = new Date('2020-01-01T00:00:00.000Z');
      await own.db.prisma.auditLog.createMany({
        data: Array.from({ length: 7 }, (_, i) => ({ actorType: 'system', actorLabel: 'test', action: `test.${i}`, at: i < 4 ? at : new Date(at.getTime() + i * 1000) })),
      });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await own.http.get(url).set(bearer(token.secret)).expect(200);
        const body = res.body as { items: AuditItem[]; nextCursor: string | null };
        seen.push(...body.items.map((i) => i.action));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      // 7 rows written here plus the token's creation (the newest rows first, the four ties by id desc).
      expect(seen).toEqual(['token.create', 'test.6', 'test.5', 'test.4', 'test.3', 'test.2', 'test.1', 'test.0']);
      expect(pages).toBe(3);
      for (const query of ['cursor=garbage', 'cursor=', `cursor=${'x'.repeat(201)}`, 'limit=0', 'limit=201', 'limit=abc']) {
        const res = await own.http.get(`/api/v1/audit?${query}`).set(bearer(token.secret)).expect(400);
        expect(errorOf(res).code).toBe('invalid_request');
      }
    } finally {
      await own.close();
    }
  });

  it('is for admins only', async () => {
    const viewer = await make.token('viewer');
    await t.http.get('/api/v1/audit').set(bearer(viewer.secret)).expect(403);
    await t.http.get('/api/v1/audit').expect(401);
  });
});
