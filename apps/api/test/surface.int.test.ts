import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../src/app.ts';
import { bearer, buildTestApp, concreteUrl, factories, type TestApp } from './helpers.ts';

// The whole HTTP surface, walked from the app's own route table: a new route cannot be forgotten here.

let t: TestApp;
let viewer: string;
let admin: string;

beforeAll(async () => {
  t = await buildTestApp();
  const make = factories(t.db, t.redis, t.redisPrefix);
  viewer = (await make.token('viewer')).secret;
  admin = (await make.token('admin')).secret;
});

afterAll(async () => {
  await t.close();
});

const ERROR_SHAPE = { error: { code: expect.any(String) as string, message: expect.any(String) as string } };

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const routes = (access?: string) =>
  t.app.routeAccess.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && (access === undefined || r.access === access));

function call(method: string, url: string) {
  const m = method.toLowerCase() as Method;
  const req = t.http[m](url);
  return m === 'get' || m === 'delete' ? req : req.send({});
}

describe('access', () => {
  it('declares every route public, viewer or admin, and only these few are public', () => {
    const publicRoutes = routes('public').map((r) => `${r.method} ${r.url}`);
    const allowed = [
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'GET /api/v1/health',
      'GET /api/v1/ready',
      'GET /api/openapi.json',
    ];
    expect(publicRoutes.filter((r) => !allowed.includes(r) && !r.startsWith('GET /api/docs'))).toEqual([]);
    expect(routes('viewer').length).toBeGreaterThan(5);
    expect(routes('admin').length).toBeGreaterThan(5);
  });

  it('answers 401 with the error shape to every non-public route called without a credential', async () => {
    const guarded = [...routes('viewer'), ...routes('admin')];
    expect(guarded.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/users/:id', '/api/v1/audit']));
    for (const route of guarded) {
      const res = await call(route.method, concreteUrl(route.url));
      expect(res.status, `${route.method} ${route.url}`).toBe(401);
      expect(res.body).toEqual(ERROR_SHAPE);
      // A forged cookie is no credential either.
      const forged = await call(route.method, concreteUrl(route.url)).set('cookie', 'pillar_session=abc.def');
      expect(forged.status, `${route.method} ${route.url} (forged cookie)`).toBe(401);
    }
  });

  it('answers 403 to a viewer on every admin route', async () => {
    for (const route of routes('admin')) {
      const res = await call(route.method, concreteUrl(route.url)).set(bearer(viewer));
      expect(res.status, `${route.method} ${route.url}`).toBe(403);
      expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) as string } });
    }
  });

  it('lets a viewer through on every viewer route', async () => {
    for (const route of routes('viewer')) {
      const res = await call(route.method, concreteUrl(route.url)).set(bearer(viewer));
      expect([401, 403], `${route.method} ${route.url} answered ${res.status}`).not.toContain(res.status);
    }
  });
});

describe('bad requests', () => {
  it('answers 413 with the error shape to a body over the limit, before any work', async () => {
    const huge = { email: 'a@b.test', password: 'x'.repeat(BODY_LIMIT) };
    const res = await t.http.post('/api/v1/auth/login').send(huge).expect(413);
    expect(res.body).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) as string } });
    await t.http.post('/api/v1/tokens').set(bearer(admin)).send({ name: 'x'.repeat(BODY_LIMIT), role: 'viewer' }).expect(413);
  });

  it('answers 400 to malformed JSON and to a body that is not JSON', async () => {
    const bad = await t.http.post('/api/v1/tokens').set(bearer(admin)).set('content-type', 'application/json').send('{"name": ').expect(400);
    expect(bad.body).toEqual(ERROR_SHAPE);
    await t.http.post('/api/v1/tokens').set(bearer(admin)).set('content-type', 'text/plain').send('name=x').expect(400);
  });

  it('answers unknown routes with a JSON 404', async () => {
    for (const [method, url] of [
      ['get', '/api/v1/nope'],
      ['post', '/api/v1/nope'],
      ['delete', '/api/v1/me'],
      ['get', '/nope'],
      ['get', '/api'],
    ] as const) {
      const res = await t.http[method](url).set(bearer(admin)).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) as string } });
    }
  });
});

describe('headers', () => {
  it('sends a strict CSP, nosniff, no framing and no referrer on every answer, and no HSTS over plain HTTP', async () => {
    for (const url of ['/api/v1/health', '/api/v1/nope']) {
      const res = await t.http.get(url);
      const csp = res.headers['content-security-policy'] ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('counts requests per credential and says so in the rate-limit headers', async () => {
    const res = await t.http.get('/api/v1/me').set(bearer(viewer)).expect(200);
    expect(Number(res.headers['x-ratelimit-limit'])).toBe(1200);
    expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(1200);
  });
});

type Operation = { summary?: string; tags?: string[]; operationId?: string; parameters?: { name: string; in: string; required?: boolean; schema?: object }[]; responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }> };
type OpenApiDoc = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>>; components?: { securitySchemes?: Record<string, unknown> }; security?: Record<string, unknown>[] };

function findKey(value: unknown, key: string, at = '$'): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [`${at}.${k}`] : []), ...findKey(v, key, `${at}.${k}`)]);
}

describe('the OpenAPI document', () => {
  let doc: OpenApiDoc;
  beforeAll(async () => {
    const res = await t.http.get('/api/openapi.json').expect(200).expect('content-type', /json/);
    doc = res.body as OpenApiDoc;
  });

  it('is an OpenAPI 3.1 document with an info block and security schemes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String) as string, version: 'test' });
    for (const requirement of doc.security ?? []) {
      for (const name of Object.keys(requirement)) expect(doc.components?.securitySchemes).toHaveProperty(name);
    }
    // OpenAPI 3.1 schemas are JSON Schema 2020-12: 3.0's `nullable` has no meaning there.
    expect(findKey(doc.paths, 'nullable')).toEqual([]);
  });

  it('validates against the OpenAPI 3.1 schema, and a broken copy of it does not', async () => {
    const validate = async (spec: unknown) => {
      const result = await new Validator().validate(structuredClone(spec) as Record<string, unknown>);
      return { valid: result.valid, errors: JSON.stringify(result.errors ?? []).slice(0, 2000) };
    };
    const verdict = await validate(doc);
    expect(verdict.errors).toBe('[]');
    expect(verdict.valid).toBe(true);
    // The validator is not lenient: a response without its description, an unknown parameter location and a path
    // without its leading slash are each refused.
    const [firstPath, firstItem] = Object.entries(doc.paths)[0] ?? [];
    const op = Object.values(firstItem ?? {})[0];
    expect(op).toBeDefined();
    const broken = (edit: (copy: OpenApiDoc) => void) => {
      const copy = structuredClone(doc);
      edit(copy);
      return copy;
    };
    const method = Object.keys(firstItem ?? {})[0] ?? 'get';
    const noDescription = broken((c) => {
      const target = c.paths[firstPath ?? '']?.[method];
      for (const r of Object.values(target?.responses ?? {})) delete r.description;
    });
    const badLocation = broken((c) => {
      const target = c.paths[firstPath ?? '']?.[method];
      if (target) target.parameters = [...(target.parameters ?? []), { name: 'x', in: 'body', schema: {} }];
    });
    const noSlash = broken((c) => {
      c.paths = { 'api/v1/broken': c.paths[firstPath ?? ''] ?? {}, ...c.paths };
    });
    for (const spec of [noDescription, badLocation, noSlash]) expect((await validate(spec)).valid).toBe(false);
  });

  it('lists every /api/v1 route of the app with its method', () => {
    const missing = routes()
      .filter((r) => r.url.startsWith('/api/v1/'))
      .filter((r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('gives every operation a summary, tags, declared path parameters and described responses with schemas', () => {
    const operationIds = new Set<string>();
    for (const [pathName, item] of Object.entries(doc.paths)) {
      expect(pathName).toMatch(/^\//);
      const templated = [...pathName.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${pathName}`;
        expect(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'], where).toContain(method);
        expect(op.summary, where).toEqual(expect.any(String));
        expect(op.tags?.length, where).toBeGreaterThan(0);
        if (op.operationId) {
          expect(operationIds.has(op.operationId), where).toBe(false);
          operationIds.add(op.operationId);
        }
        const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
        expect(pathParams.map((p) => p.name).sort(), where).toEqual([...templated].sort());
        for (const p of op.parameters ?? []) {
          expect(['path', 'query', 'header', 'cookie'], where).toContain(p.in);
          expect(p.schema, `${where} ${p.name}`).toBeTypeOf('object');
          if (p.in === 'path') expect(p.required, `${where} ${p.name}`).toBe(true);
        }
        const responses = Object.entries(op.responses ?? {});
        expect(responses.length, where).toBeGreaterThan(0);
        expect(responses.some(([status]) => /^2\d\d$/.test(status)), `${where} has a success response`).toBe(true);
        for (const [status, response] of responses) {
          expect(status, where).toMatch(/^([1-5]\d\d|default)$/);
          expect(response.description, `${where} ${status}`).toEqual(expect.any(String));
          for (const media of Object.values(response.content ?? {})) expect(media.schema, `${where} ${status}`).toBeTypeOf('object');
          if (/^4/.test(status)) {
            const schema = response.content?.['application/json']?.schema as { properties?: Record<string, unknown> } | undefined;
            expect(schema?.properties, `${where} ${status} is the error shape`).toHaveProperty('error');
          }
        }
      }
    }
  });

  it('documents the identity routes with their request and answer shapes', () => {
    const login = doc.paths['/api/v1/auth/login']?.post as Operation & { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } };
    expect(login.requestBody?.content['application/json']?.schema.required?.sort()).toEqual(['email', 'password']);
    expect(Object.keys(login.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    const created = doc.paths['/api/v1/tokens']?.post?.responses?.['201']?.content?.['application/json']?.schema as { properties: object };
    expect(Object.keys(created.properties).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'role', 'secret']);
    const listed = doc.paths['/api/v1/tokens']?.get?.responses?.['200']?.content?.['application/json']?.schema as {
      properties: { items: { items: { properties: object } } };
    };
    expect(Object.keys(listed.properties.items.items.properties)).not.toContain('secret');
    expect(doc.paths['/api/v1/audit']?.get?.parameters?.map((p) => p.name).sort()).toEqual(['cursor', 'limit']);
  });
});

describe('the web app', () => {
  let web: TestApp;
  let root: string;
  const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body></body></html>';

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'pillar-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), INDEX);
    writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log("pillar")');
    writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(root, '.env'), 'SECRET=1');
    web = await buildTestApp({ webRoot: root });
  });

  afterAll(async () => {
    await web.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, revalidated on every load, under the strict CSP', async () => {
    for (const url of ['/', '/accounts/123456789012', '/reviews/weekly?week=2026-W01', '/login']) {
      const res = await web.http.get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.text).toBe(INDEX);
    }
    await web.http.head('/accounts').expect(200);
  });

  it('caches hashed assets for a year, and answers a missing one with 404 rather than HTML', async () => {
    const res = await web.http.get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    const missing = await web.http.get('/assets/index-old999.js').expect(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: expect.any(String) as string } });
    const icon = await web.http.get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('keeps unknown /api paths JSON 404s and the API working next to it', async () => {
    for (const url of ['/api/v1/nope', '/api/nope', '/api']) {
      const res = await web.http.get(url).expect(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) as string } });
    }
    await web.http.get('/api/v1/health').expect(200, { status: 'ok' });
    await web.http.get('/api/v1/me').expect(401);
    await web.http.post('/dashboard').expect(404);
  });

  it('never serves files outside the build or dotfiles', async () => {
    for (const url of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/.env', '/assets/../.env']) {
      const res = await web.http.get(url);
      expect(res.text, url).not.toContain('root:');
      expect(res.text, url).not.toContain('SECRET');
    }
  });
});
