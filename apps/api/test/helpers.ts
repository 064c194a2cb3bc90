import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createAuditLog, createIdentity, type Role } from '@pillar/identity';
import { createTestDatabase, deleteRedisKeys, uniqueRedisPrefix, type TestDatabase } from '@pillar/testkit';
import { createSyncStarter } from '@pillar/worker/producer';
import { buildApp, loggerOptions } from '../src/app.ts';
import { createAppDeps, type AppDeps } from '../src/deps.ts';
import { appConfigFrom, loadServerSettings, type Runtime } from '../src/env.ts';

export const SESSION_SECRET = 'pillar-test-session-secret-0123456789abcdefghij';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PASSWORD = 'correct horse battery staple';

export type TestAppOptions = {
  /** Share one database between several apps of a file; created (and dropped by close) when absent. */
  db?: TestDatabase;
  /** Extra environment, read by the same loadServerSettings as the server (PILLAR_TRUST_PROXY, ...). */
  env?: Record<string, string>;
  tls?: Runtime['tls'];
  webRoot?: string | null;
  /** Where the log lines go (the production logger otherwise stays silent in tests). */
  logStream?: Writable;
  /** The workers' queue prefix, to look at a running pipeline's queues; defaults to the app's own Redis prefix. */
  queuePrefix?: string;
};

export type TestApp = {
  app: FastifyInstance;
  http: ReturnType<typeof request>;
  db: TestDatabase;
  deps: AppDeps;
  redis: Redis;
  redisPrefix: string;
  close(): Promise<void>;
};

/**
 * The app exactly as server.ts builds it (same env parsing, AppConfig mapping, deps and logger options), on a
 * fresh database and Redis prefix, listening on an ephemeral port for supertest. PILLAR_CHECK_RESPONSES is on.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  const redisPrefix = `${uniqueRedisPrefix('api')}:`;
  // Every answer is also checked by its Zod schema, and the compiled JSON compared with Zod's (a 500 otherwise).
  const settings = loadServerSettings({ PILLAR_SESSION_SECRET: SESSION_SECRET, PILLAR_CHECK_RESPONSES: 'on', ...options.env });
  const queuePrefix = options.queuePrefix ?? redisPrefix.slice(0, -1);
  const syncs = createSyncStarter({ prisma: db.prisma, connection: redis, prefix: queuePrefix });
  const deps = createAppDeps({ prisma: db.prisma, redis, redisPrefix, syncs });
  const app = await buildApp(
    appConfigFrom(settings, {
      version: 'test',
      logger: options.logStream ? loggerOptions('trace', options.logStream) : false,
      tls: options.tls ?? null,
      webRoot: options.webRoot ?? null,
      redisPrefix,
      queuePrefix,
    }),
    deps,
  );
  await app.ready();
  return {
    app,
    http: request(app.server),
    db,
    deps,
    redis,
    redisPrefix,
    async close() {
      await app.close();
      await syncs.close();
      await deleteRedisKeys(redis, redisPrefix.slice(0, -1));
      redis.disconnect();
      if (!options.db) await db.drop();
    },
  };
}

/** A Writable that keeps everything written to it (log capture). */
export function memoryStream(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

let sequence = 0;
export const uniqueEmail = (label = 'user') => `${label}-${Date.now().toString(36)}-${++sequence}@example.test`;

const SYSTEM = { kind: 'system', label: 'test' } as const;
const NOWHERE = { ip: null, userAgent: null, requestId: null };

/** Factories writing straight through the identity service (as the CLI does), not through the API under test. */
export function factories(db: TestDatabase, redis: Redis, redisPrefix: string) {
  const identity = createIdentity({ prisma: db.prisma, redis, redisPrefix, audit: createAuditLog(db.prisma) });
  return {
    async user(overrides: { email?: string; password?: string; role?: Role } = {}) {
      const email = overrides.email ?? uniqueEmail();
      const password = overrides.password ?? PASSWORD;
      const user = await identity.createUser({ email, password, role: overrides.role ?? 'viewer' }, SYSTEM, NOWHERE);
      return { ...user, password };
    },
    async token(role: Role = 'viewer', name = `token-${++sequence}`) {
      const { token, secret } = await identity.createToken({ name, role }, SYSTEM, NOWHERE);
      return { ...token, secret };
    },
  };
}

export type Session = { cookie: string; csrfToken: string; setCookie: string };

/** Logs in through the API; the cookie as a browser would send it back, and the CSRF token. */
export async function login(t: TestApp, email: string, password = PASSWORD): Promise<Session> {
  const res = await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  const setCookie = sessionSetCookie(res.headers['set-cookie']);
  const body = res.body as { csrfToken: string };
  return { cookie: setCookie.split(';')[0] ?? '', csrfToken: body.csrfToken, setCookie };
}

/** The Set-Cookie line of the session cookie. */
export function sessionSetCookie(header: unknown): string {
  const lines = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  const line = lines.find((l) => l.startsWith('pillar_session='));
  if (!line) throw new Error(`no pillar_session cookie in ${JSON.stringify(header)}`);
  return line;
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** A concrete URL for a route pattern: path parameters get well-formed values. */
export function concreteUrl(pattern: string): string {
  const samples: Record<string, string> = {
    id: '00000000-0000-4000-8000-000000000000',
    accountId: '123456789012',
    controlId: 'IAM.1',
  };
  return pattern.replace(/:(\w+)/g, (_m, name: string) => samples[name] ?? '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'x');
}

/** The `error` of an error answer (CONTRACT.md's shape). */
export const errorOf = (res: { body: unknown }) => (res.body as { error: { code: string; message: string } }).error;
