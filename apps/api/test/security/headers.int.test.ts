import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@pillar/testkit';
import { BODY_LIMIT } from '../../src/app.ts';
import { bearer, buildTestApp, factories, type TestApp } from '../helpers.ts';

// The security headers on every answer: every route of the table (API, operations, Bull Board), the web app's
// files, and the error answers (401, 403, 404, 413, 429, 431, a malformed URL), over plain HTTP and over TLS.
// HSTS only over TLS. (surface.int.test.ts checks two API answers and the web app's CSP; this walks them all.)

const WEB_INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body></body></html>';

let db: TestDatabase;
let web: string;
let plain: TestApp;
let admin: Record<string, string>;
let viewer: Record<string, string>;

function hasOpenSsl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  web = mkdtempSync(path.join(tmpdir(), 'pillar-web-'));
  mkdirSync(path.join(web, 'assets'));
  writeFileSync(path.join(web, 'index.html'), WEB_INDEX);
  writeFileSync(path.join(web, 'assets', 'index-abc123.js'), 'console.log("pillar")');
  plain = await buildTestApp({ db, webRoot: web });
  const make = factories(db, plain.redis, plain.redisPrefix);
  admin = bearer((await make.token('admin')).secret);
  viewer = bearer((await make.token('viewer')).secret);
});

afterAll(async () => {
  await plain.close();
  await db.drop();
  rmSync(web, { recursive: true, force: true });
});

function expectSecurityHeaders(res: Response, where: string, tls: boolean): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  expect(csp, `${where} (${res.status}): CSP`).toContain("frame-ancestors 'none'");
  expect(csp, `${where}: CSP`).toMatch(/default-src '(self|none)'/);
  expect(res.headers['x-content-type-options'], `${where}: nosniff`).toBe('nosniff');
  expect(res.headers['referrer-policy'], `${where}: referrer policy`).toBe('no-referrer');
  expect(res.headers['x-powered-by'], `${where}: x-powered-by`).toBeUndefined();
  if (tls) expect(res.headers['strict-transport-security'], `${where}: HSTS over TLS`).toMatch(/max-age=31536000/);
  else expect(res.headers['strict-transport-security'], `${where}: no HSTS over plain HTTP`).toBeUndefined();
}

/** A URL for a route pattern, with well-formed parameters. */
function concrete(pattern: string): string {
  const samples: Record<string, string> = { accountId: '123456789012', controlId: 'IAM.1', queueName: 'x', jobId: '1', queueStatus: 'failed', schedulerId: 'x' };
  return pattern.replace(/:(\w+)/g, (_m, name: string) => samples[name] ?? '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'assets/index-abc123.js');
}

type Agent = ReturnType<typeof request>;
type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

/** Every answer of interest: each route with and without a credential, then the error answers. */
async function everyAnswer(t: TestApp, http: Agent, tls: boolean, ca?: Buffer): Promise<number> {
  const call = (method: string, url: string) => {
    const req = http[method.toLowerCase() as Method](url);
    return ca ? req.ca(ca) : req;
  };
  let seen = 0;
  const routes = t.app.routeAccess.filter((r) => r.method !== 'OPTIONS');
  expect(routes.some((r) => r.url === '/*')).toBe(true);
  for (const route of routes) {
    const url = concrete(route.url);
    expectSecurityHeaders(await call(route.method, url).set(admin), `${route.method} ${url}`, tls);
    expectSecurityHeaders(await call(route.method, url), `${route.method} ${url} without a credential`, tls);
    seen += 2;
  }
  const errors: [string, () => Promise<Response>][] = [
    ['404', () => call('GET', '/api/v1/nope').set(admin)],
    ['403', () => call('POST', '/api/v1/tokens').set(viewer).send({ name: 'x', role: 'viewer' })],
    ['413', () => call('POST', '/api/v1/tokens').set(admin).send({ name: 'x'.repeat(BODY_LIMIT), role: 'viewer' })],
    ['400 malformed URL', () => call('GET', '/api/v1/findings/%E0%A4%A').set(admin)],
    ['414 parameter too long', () => call('GET', `/api/v1/accounts/${'1'.repeat(300)}`).set(admin)],
    ['431 headers too large', () => call('GET', `/api/v1/findings?q=${'x'.repeat(20_000)}`).set(admin)],
    ['web page', () => call('GET', '/accounts/123456789012')],
    ['web asset', () => call('GET', '/assets/index-abc123.js')],
    ['missing web asset', () => call('GET', '/assets/index-old.js')],
  ];
  for (const [what, send] of errors) {
    expectSecurityHeaders(await send(), what, tls);
    seen++;
  }
  // Login's own limit: the 11th attempt in a minute from one address.
  let last: Response | undefined;
  for (let i = 0; i < 11; i++) last = await call('POST', '/api/v1/auth/login').send({ email: 'nobody@example.test', password: 'wrong password' });
  expect(last?.status).toBe(429);
  if (last) expectSecurityHeaders(last, '429', tls);
  return seen + 1;
}

describe('security headers', () => {
  it('are on every answer over plain HTTP, without HSTS', async () => {
    expect(await everyAnswer(plain, plain.http, false)).toBeGreaterThan(200);
  });

  it.skipIf(!hasOpenSsl())('are on every answer over TLS, with HSTS', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pillar-tls-'));
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], {
      stdio: 'ignore',
    });
    const tls = await buildTestApp({ db, webRoot: web, tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    try {
      expect(await everyAnswer(tls, request(tls.app.server), true, readFileSync(cert))).toBeGreaterThan(200);
    } finally {
      await tls.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
