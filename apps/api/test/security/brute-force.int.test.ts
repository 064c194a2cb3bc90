import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@pillar/testkit';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../../src/routes/auth.ts';
import { buildTestApp, factories, PASSWORD, uniqueEmail, type TestApp } from '../helpers.ts';

// Password guessing gets 429: per client address (whatever the accounts, whatever the bodies) and per account
// (whatever the addresses). Neither limit can be stepped around, and neither tells a guesser anything: a locked
// account answers the same to the right password, a wrong one and an unknown account.
// (auth.int.test.ts shows each limit once; this tries to get around them.)

const TRUSTED = '127.0.0.1,::1,::ffff:127.0.0.1';
const RATE_LIMITED = { error: { code: 'rate_limited', message: expect.any(String) as string } };

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

async function withApp(env: Record<string, string>, body: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await buildTestApp({ db, env });
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

describe('the per-address login limit', () => {
  it('counts every attempt from an address, malformed ones included, then refuses even the right password', async () => {
    await withApp({}, async (t) => {
      const user = await factories(db, t.redis, t.redisPrefix).user();
      const junk = [{}, { email: 'x' }, 'not json', { email: uniqueEmail(), password: 'guess' }];
      for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) {
        const body = junk[i % junk.length];
        const res = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
        expect([400, 401]).toContain(res.status);
      }
      const refused = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(429);
      expect(refused.body).toEqual(RATE_LIMITED);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['set-cookie']).toBeUndefined();
      // Only logins are limited this way.
      await t.http.get('/api/v1/health').expect(200);
    });
  });

  it('cannot be stepped around with X-Forwarded-For when no proxy is trusted', async () => {
    await withApp({}, async (t) => {
      for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) {
        await t.http.post('/api/v1/auth/login').set('x-forwarded-for', `203.0.113.${i}`).send({ email: uniqueEmail(), password: 'guess' }).expect(401);
      }
      await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '203.0.113.200').send({ email: uniqueEmail(), password: 'guess' }).expect(429);
    });
  });

  it('limits each client address behind a trusted proxy, and only that address', async () => {
    await withApp({ PILLAR_TRUST_PROXY: TRUSTED }, async (t) => {
      const user = await factories(db, t.redis, t.redisPrefix).user();
      for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) {
        await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '203.0.113.7').send({ email: uniqueEmail(), password: 'guess' }).expect(401);
      }
      await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '203.0.113.7').send({ email: user.email, password: PASSWORD }).expect(429);
      await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '203.0.113.8').send({ email: user.email, password: PASSWORD }).expect(200);
    });
  });
});

describe('the per-account lockout', () => {
  it('locks an account after 10 failures from as many addresses, and answers alike whatever the password or the case', async () => {
    await withApp({ PILLAR_TRUST_PROXY: TRUSTED }, async (t) => {
      const victim = await factories(db, t.redis, t.redisPrefix).user();
      let address = 0;
      const attempt = (email: string, password: string) =>
        t.http.post('/api/v1/auth/login').set('x-forwarded-for', `198.51.100.${++address}`).send({ email, password });
      for (let i = 0; i < 10; i++) await attempt(victim.email, `guess number ${i}`).expect(401);
      const right = await attempt(victim.email, PASSWORD).expect(429);
      const wrong = await attempt(victim.email, 'yet another guess').expect(429);
      const shouted = await attempt(victim.email.toUpperCase(), PASSWORD).expect(429);
      expect(right.body).toEqual(RATE_LIMITED);
      expect(wrong.body).toEqual(right.body);
      expect(shouted.body).toEqual(right.body);
      expect(right.headers['set-cookie']).toBeUndefined();
    });
  });

  it('locks an unknown account the same way, so the lock tells nobody which accounts exist', async () => {
    await withApp({ PILLAR_TRUST_PROXY: TRUSTED }, async (t) => {
      const known = await factories(db, t.redis, t.redisPrefix).user();
      const unknown = uniqueEmail('ghost');
      let address = 0;
      const attempt = (email: string) => t.http.post('/api/v1/auth/login').set('x-forwarded-for', `192.0.2.${++address}`).send({ email, password: 'a guess' });
      const answers: Record<string, unknown>[] = [];
      for (const email of [known.email, unknown]) {
        for (let i = 0; i < 10; i++) await attempt(email).expect(401);
        const locked = await attempt(email).expect(429);
        answers.push({ status: locked.status, body: locked.body as unknown });
      }
      expect(answers[0]).toEqual(answers[1]);
    });
  });
});
