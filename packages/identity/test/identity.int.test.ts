import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, TooManyRequestsError } from '@pillar/domain';
import { createTestDatabase, deleteRedisKeys, uniqueRedisPrefix, type TestDatabase } from '@pillar/testkit';
import { createAuditLog, createIdentity, LOGIN_FAILURES_MAX, listAuditEntries, sha256, type Identity } from '../src/index.ts';

const SYSTEM = { kind: 'system', label: 'test' } as const;
const ORIGIN = { ip: '192.0.2.1', userAgent: 'vitest', requestId: 'req-1' };
const PASSWORD = 'a long enough password';

let db: TestDatabase;
let redis: Redis;
let prefix: string;
let identity: Identity;
let n = 0;
const email = (label = 'user') => `${label}-${++n}-${Date.now().toString(36)}@example.test`;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  prefix = `${uniqueRedisPrefix('identity')}:`;
  identity = createIdentity({ prisma: db.prisma, redis, redisPrefix: prefix, audit: createAuditLog(db.prisma) });
});

afterAll(async () => {
  await deleteRedisKeys(redis, prefix);
  redis.disconnect();
  await db.drop();
});

describe('login', () => {
  it('opens a session for the right password, whatever the case of the email', async () => {
    const user = await identity.createUser({ email: email('Mixed.Case').toUpperCase(), password: PASSWORD, role: 'viewer' }, SYSTEM, ORIGIN);
    expect(user.email).toBe(user.email.toLowerCase());
    const result = await identity.login(user.email.toUpperCase(), PASSWORD, ORIGIN);
    expect(result?.user.id).toBe(user.id);
    const principal = await identity.resolveSession(result?.sessionSecret ?? '');
    expect(principal).toEqual({ kind: 'user', id: user.id, label: user.email, role: 'viewer', userId: user.id });
    // Only the digest is stored.
    expect(await db.prisma.session.count({ where: { id: result?.sessionSecret ?? '' } })).toBe(0);
    expect((await db.prisma.appUser.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).not.toBeNull();
  });

  it('locks an account after too many failures, even for the right password, and a success resets the count', async () => {
    const user = await identity.createUser({ email: email('locked'), password: PASSWORD, role: 'viewer' }, SYSTEM, ORIGIN);
    for (let i = 0; i < LOGIN_FAILURES_MAX - 1; i++) expect(await identity.login(user.email, 'wrong', ORIGIN)).toBeNull();
    expect(await identity.login(user.email, PASSWORD, ORIGIN)).not.toBeNull();
    for (let i = 0; i < LOGIN_FAILURES_MAX; i++) expect(await identity.login(user.email, 'wrong', ORIGIN)).toBeNull();
    await expect(identity.login(user.email, PASSWORD, ORIGIN)).rejects.toBeInstanceOf(TooManyRequestsError);
    const ttl = await redis.ttl(`${prefix}login-failures:${sha256(user.email)}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15 * 60);
  });

  it('refuses a disabled user and an unknown email alike', async () => {
    const user = await identity.createUser({ email: email('off'), password: PASSWORD, role: 'viewer' }, SYSTEM, ORIGIN);
    await db.prisma.appUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await identity.login(user.email, PASSWORD, ORIGIN)).toBeNull();
    expect(await identity.login(email('nobody'), PASSWORD, ORIGIN)).toBeNull();
  });
});

describe('sessions', () => {
  it('end at their expiry and at logout; expired ones are purged at the next login', async () => {
    const user = await identity.createUser({ email: email('session'), password: PASSWORD, role: 'admin' }, SYSTEM, ORIGIN);
    const first = await identity.login(user.email, PASSWORD, ORIGIN);
    const second = await identity.login(user.email, PASSWORD, ORIGIN);
    await db.prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await identity.resolveSession(first?.sessionSecret ?? '')).toBeNull();
    const third = await identity.login(user.email, PASSWORD, ORIGIN);
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(second).not.toBeNull();

    const principal = await identity.resolveSession(third?.sessionSecret ?? '');
    await identity.logout(third?.sessionSecret ?? '', principal, ORIGIN);
    expect(await identity.resolveSession(third?.sessionSecret ?? '')).toBeNull();
    expect(await db.prisma.auditLog.count({ where: { action: 'auth.logout', actorId: user.id } })).toBe(1);
    // A second logout of the same session records nothing.
    await identity.logout(third?.sessionSecret ?? '', principal, ORIGIN);
    expect(await db.prisma.auditLog.count({ where: { action: 'auth.logout', actorId: user.id } })).toBe(1);
  });
});

describe('API tokens', () => {
  it('resolve to their role until revoked, touching last use at most once a minute', async () => {
    const { token, secret } = await identity.createToken({ name: 'ci', role: 'admin' }, SYSTEM, ORIGIN);
    expect(token.lastUsedAt).toBeNull();
    expect(await identity.resolveToken(secret)).toEqual({ kind: 'token', id: token.id, label: 'ci', role: 'admin', userId: null });
    const firstUse = (await db.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(firstUse).not.toBeNull();
    await identity.resolveToken(secret);
    expect((await db.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).toEqual(firstUse);

    await identity.revokeToken(token.id, SYSTEM, ORIGIN);
    expect(await identity.resolveToken(secret)).toBeNull();
    expect(await identity.resolveToken(`${secret.slice(0, -1)}x`)).toBeNull();
  });
});

describe('users', () => {
  it('refuse a duplicate email with a conflict, also when two creations race', async () => {
    const address = email('race');
    const results = await Promise.allSettled([0, 1, 2].map(() => identity.createUser({ email: address, password: PASSWORD, role: 'viewer' }, SYSTEM, ORIGIN)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect(r.reason).toBeInstanceOf(ConflictError);
    expect(await db.prisma.auditLog.count({ where: { action: 'user.create', target: address } })).toBe(1);
  });

  it('keep an active admin: of two admins demoting each other at once, exactly one succeeds', async () => {
    const own = await createTestDatabase();
    try {
      const local = createIdentity({ prisma: own.prisma, redis, redisPrefix: prefix, audit: createAuditLog(own.prisma) });
      const a = await local.createUser({ email: email('a'), password: PASSWORD, role: 'admin' }, SYSTEM, ORIGIN);
      const b = await local.createUser({ email: email('b'), password: PASSWORD, role: 'admin' }, SYSTEM, ORIGIN);
      const results = await Promise.allSettled([
        local.updateUser(a.id, { role: 'viewer' }, SYSTEM, ORIGIN),
        local.updateUser(b.id, { disabled: true }, SYSTEM, ORIGIN),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await own.prisma.appUser.count({ where: { role: 'admin', disabledAt: null } })).toBe(1);
      const survivor = await own.prisma.appUser.findFirstOrThrow({ where: { role: 'admin', disabledAt: null } });
      await expect(local.deleteUser(survivor.id, SYSTEM, ORIGIN)).rejects.toBeInstanceOf(ConflictError);
    } finally {
      await own.drop();
    }
  });

  it('end the sessions of a user whose role changes', async () => {
    const user = await identity.createUser({ email: email('role'), password: PASSWORD, role: 'viewer' }, SYSTEM, ORIGIN);
    const session = await identity.login(user.email, PASSWORD, ORIGIN);
    await identity.updateUser(user.id, { role: 'admin' }, SYSTEM, ORIGIN);
    expect(await identity.resolveSession(session?.sessionSecret ?? '')).toBeNull();
  });
});

describe('the audit log', () => {
  it('records who, what and from where, and pages newest first', async () => {
    const { token } = await identity.createToken({ name: 'audited', role: 'viewer' }, SYSTEM, ORIGIN);
    const page = await listAuditEntries(db.prisma, { cursor: null, limit: 1 });
    expect(page.items[0]).toMatchObject({ actorType: 'system', actorLabel: 'test', action: 'token.create', target: token.id, ip: '192.0.2.1', userAgent: 'vitest', requestId: 'req-1' });
    expect(page.nextCursor).not.toBeNull();
    const next = await listAuditEntries(db.prisma, { cursor: page.nextCursor, limit: 1000 });
    expect(next.nextCursor).toBeNull();
    const all = [...page.items, ...next.items];
    expect(all).toHaveLength(await db.prisma.auditLog.count());
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });
});
