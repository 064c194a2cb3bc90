import type { Prisma, PrismaClient } from '@pillar/db';
import type { Redis } from 'ioredis';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import type { Principal, Role } from './principal.ts';
import { newSessionSecret, newToken, sha256 } from './secrets.ts';
import { ConflictError, NotFoundError, TooManyRequestsError } from '@pillar/domain';
import type { AuditLog, RequestOrigin } from './audit.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Failed logins per account before it is locked for the window: brute force gets 429 long before it matters. */
export const LOGIN_FAILURES_MAX = 10;
export const LOGIN_WINDOW_S = 15 * 60;
/** last_used_at is refreshed at most this often: verifying a token must not cost a write per request. */
const TOUCH_EVERY_MS = 60_000;

type Db = Pick<PrismaClient, 'appUser' | 'apiToken' | 'session' | 'auditLog' | '$transaction'>;

export type IdentityDeps = { prisma: Db; redis: Redis; redisPrefix: string; audit: AuditLog };

const digestBytes = (secret: string) => Buffer.from(sha256(secret), 'hex');

/** Emails are stored lowercased (a CHECK in the database); every entry point normalises the same way. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';

/**
 * Refuses a change that would leave no active admin (nobody could manage users or tokens any more). The
 * active admins are locked first, so two admins demoting each other at once cannot both succeed.
 */
async function assertAnAdminRemains(
  tx: Prisma.TransactionClient,
  user: { id: string; role: string; disabledAt: Date | null },
  after: { role: string; disabled: boolean } | 'deleted',
): Promise<void> {
  const wasActiveAdmin = user.role === 'admin' && user.disabledAt === null;
  const staysActiveAdmin = after !== 'deleted' && after.role === 'admin' && !after.disabled;
  if (!wasActiveAdmin || staysActiveAdmin) return;
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM app_user WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE`;
  if (!admins.some((a) => a.id !== user.id)) {
    throw new ConflictError('This is the last active admin: make another user admin first.');
  }
}

export type UserView = { id: string; email: string; role: Role; createdAt: Date; lastLoginAt: Date | null; disabled: boolean };
export type TokenView = { id: string; name: string; role: Role; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

function userView(u: { id: string; email: string; role: string; createdAt: Date; lastLoginAt: Date | null; disabledAt: Date | null }): UserView {
  return { id: u.id, email: u.email, role: u.role as Role, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt, disabled: u.disabledAt !== null };
}

function tokenView(t: { id: string; name: string; role: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): TokenView {
  return { id: t.id, name: t.name, role: t.role as Role, prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt };
}

export function createIdentity({ prisma, redis, redisPrefix, audit }: IdentityDeps) {
  const failureKey = (email: string) => `${redisPrefix}login-failures:${sha256(email)}`;

  async function resolveToken(secret: string): Promise<Principal | null> {
    const token = await prisma.apiToken.findUnique({ where: { tokenDigest: digestBytes(secret) } });
    if (!token || token.revokedAt) return null;
    const now = Date.now();
    if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } });
    }
    return { kind: 'token', id: token.id, label: token.name, role: token.role as Role, userId: token.createdBy };
  }

  async function resolveSession(secret: string): Promise<Principal | null> {
    const session = await prisma.session.findUnique({ where: { id: sha256(secret) }, include: { user: true } });
    if (!session || session.expiresAt.getTime() <= Date.now() || session.user.disabledAt) return null;
    return { kind: 'user', id: session.user.id, label: session.user.email, role: session.user.role as Role, userId: session.user.id };
  }

  /** Checks a password; on success opens a session. Failed attempts are counted per account. */
  async function login(rawEmail: string, password: string, origin: RequestOrigin) {
    const email = normaliseEmail(rawEmail);
    const key = failureKey(email);
    const failures = Number((await redis.get(key)) ?? 0);
    if (failures >= LOGIN_FAILURES_MAX) {
      await audit.record({ actor: { kind: 'anonymous', label: email }, action: 'auth.login_locked', target: email, origin });
      throw new TooManyRequestsError('Too many failed logins for this account; try again in 15 minutes.');
    }
    const user = await prisma.appUser.findUnique({ where: { email } });
    // Unknown emails cost one scrypt too, so timing does not reveal which accounts exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabledAt) {
      await redis.multi().incr(key).expire(key, LOGIN_WINDOW_S).exec();
      await audit.record({ actor: { kind: 'anonymous', label: email }, action: 'auth.login_failed', target: email, origin });
      return null;
    }
    await redis.del(key);
    const { secret, digest } = newSessionSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await prisma.$transaction(async (tx) => {
      // Expired sessions of this user go now: the table holds live sessions, not a history.
      await tx.session.deleteMany({ where: { userId: user.id, expiresAt: { lte: now } } });
      await tx.session.create({
        data: { id: digest, userId: user.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent?.slice(0, 512) ?? null },
      });
      await tx.appUser.update({ where: { id: user.id }, data: { lastLoginAt: now } });
      await audit.record({ actor: { kind: 'user', id: user.id, label: user.email, role: user.role as Role, userId: user.id }, action: 'auth.login', target: user.email, origin }, tx);
    });
    return { user: userView(user), sessionSecret: secret, expiresAt };
  }

  async function logout(sessionSecret: string, principal: Principal | null, origin: RequestOrigin): Promise<void> {
    const { count } = await prisma.session.deleteMany({ where: { id: sha256(sessionSecret) } });
    if (count > 0 && principal) await audit.record({ actor: principal, action: 'auth.logout', target: principal.label, origin });
  }

  async function createUser(input: { email: string; password: string; role: Role }, actor: AuditActor, origin: RequestOrigin): Promise<UserView> {
    const email = normaliseEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    const conflict = () => new ConflictError(`A user with email ${email} already exists.`);
    try {
      return await prisma.$transaction(async (tx) => {
        if (await tx.appUser.findUnique({ where: { email } })) throw conflict();
        const user = await tx.appUser.create({ data: { email, passwordHash, role: input.role } });
        await audit.record({ actor, action: 'user.create', target: user.email, detail: { role: input.role }, origin }, tx);
        return userView(user);
      });
    } catch (error) {
      // Two creations of one email at once: the unique index decides, the loser gets the same 409.
      if (isUniqueViolation(error)) throw conflict();
      throw error;
    }
  }

  async function listUsers(): Promise<UserView[]> {
    return (await prisma.appUser.findMany({ orderBy: { email: 'asc' } })).map(userView);
  }

  async function updateUser(id: string, change: { role?: Role; password?: string; disabled?: boolean }, actor: AuditActor, origin: RequestOrigin): Promise<UserView> {
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
    return prisma.$transaction(async (tx) => {
      const found = await tx.appUser.findUnique({ where: { id } });
      if (!found) throw new NotFoundError(`No user ${id}.`);
      await assertAnAdminRemains(tx, found, {
        role: change.role ?? found.role,
        disabled: change.disabled ?? found.disabledAt !== null,
      });
      const user = await tx.appUser.update({
        where: { id },
        data: {
          ...(change.role ? { role: change.role } : {}),
          ...(passwordHash ? { passwordHash } : {}),
          ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? (found.disabledAt ?? new Date()) : null }),
        },
      });
      // A password change, a new role or disabling ends the user's sessions: they log in again.
      if (passwordHash || change.role || change.disabled) await tx.session.deleteMany({ where: { userId: id } });
      const detail = { role: change.role ?? null, passwordChanged: passwordHash !== undefined, disabled: change.disabled ?? null };
      await audit.record({ actor, action: 'user.update', target: user.email, detail, origin }, tx);
      return userView(user);
    });
  }

  async function deleteUser(id: string, actor: AuditActor, origin: RequestOrigin): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const found = await tx.appUser.findUnique({ where: { id } });
      if (!found) throw new NotFoundError(`No user ${id}.`);
      await assertAnAdminRemains(tx, found, 'deleted');
      await tx.session.deleteMany({ where: { userId: id } });
      await tx.appUser.delete({ where: { id } });
      await audit.record({ actor, action: 'user.delete', target: found.email, origin }, tx);
    });
  }

  async function createToken(input: { name: string; role: Role }, actor: AuditActor, origin: RequestOrigin) {
    const { secret, digest, display } = newToken();
    const createdBy = 'userId' in actor ? actor.userId : null;
    const token = await prisma.$transaction(async (tx) => {
      const t = await tx.apiToken.create({
        data: { name: input.name, role: input.role, tokenDigest: Buffer.from(digest, 'hex'), prefix: display, createdBy },
      });
      await audit.record({ actor, action: 'token.create', target: t.id, detail: { name: t.name, role: t.role }, origin }, tx);
      return t;
    });
    return { token: tokenView(token), secret };
  }

  async function listTokens(): Promise<TokenView[]> {
    return (await prisma.apiToken.findMany({ orderBy: { createdAt: 'desc' } })).map(tokenView);
  }

  async function revokeToken(id: string, actor: AuditActor, origin: RequestOrigin): Promise<TokenView> {
    return prisma.$transaction(async (tx) => {
      const found = await tx.apiToken.findUnique({ where: { id } });
      if (!found) throw new NotFoundError(`No token ${id}.`);
      const t = found.revokedAt ? found : await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
      await audit.record({ actor, action: 'token.revoke', target: id, detail: { name: t.name }, origin }, tx);
      return tokenView(t);
    });
  }

  return { resolveToken, resolveSession, login, logout, createUser, listUsers, updateUser, deleteUser, createToken, listTokens, revokeToken };
}

export type Identity = ReturnType<typeof createIdentity>;
export type AuditActor = Principal | { kind: 'system'; label: string };
