import { ConfigError } from '@pillar/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, startPipeline, type Pipeline, type RunRow } from '../../worker/test/harness.ts';
import { parseMetrics, select, total, type Sample } from '../../worker/test/prom-text.ts';
import { loadServerSettings } from '../src/env.ts';
import { listenForMetrics } from '../src/plugins/metrics.ts';
import { bearer, buildTestApp, factories, login, SESSION_SECRET, type TestApp } from './helpers.ts';

// Operations after a real sync: the pipeline (simulator, worker, database, queues) and the API on the same
// database and queue prefix, as a deployment runs them.

const REGIONS = [HOME, 'eu-west-1'];
const QUEUES = ['pillar-config-eu-west-1', 'pillar-config-us-east-1', 'pillar-organizations', 'pillar-securityhub-eu-west-1', 'pillar-securityhub-us-east-1', 'pillar-sync'];
const ERROR_SHAPE = { error: { code: expect.any(String) as string, message: expect.any(String) as string } };

let p: Pipeline;
let t: TestApp;
let run: RunRow;
let admin: string;
let viewer: string;

async function scrape(app: TestApp = t): Promise<Sample[]> {
  const res = await app.http.get('/metrics').set(bearer(admin)).expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(res.text);
}

beforeAll(async () => {
  p = await startPipeline({ seed: 17, accounts: 4 });
  run = await p.sync();
  t = await buildTestApp({ db: p.db, queuePrefix: p.prefix, env: { AWS_REGION: HOME, PILLAR_REGIONS: REGIONS.join(',') } });
  const make = factories(t.db, t.redis, t.redisPrefix);
  admin = (await make.token('admin')).secret;
  viewer = (await make.token('viewer')).secret;
});

afterAll(async () => {
  await t.close();
  await p.close();
});

describe('GET /metrics', () => {
  it('times HTTP requests by method, route pattern (not the URL) and status', async () => {
    await t.http.get('/api/v1/health').expect(200);
    await t.http.get(`/api/v1/syncs/${run.id}`).set(bearer(viewer)).expect(200);
    await t.http.get('/api/v1/nope').expect(404);
    const m = await scrape();
    expect(total(m, 'pillar_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/health', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(total(m, 'pillar_http_request_duration_seconds_count', { route: '/api/v1/syncs/:id', status_code: '200' })).toBe(1);
    expect(total(m, 'pillar_http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
    expect(select(m, 'pillar_http_request_duration_seconds_count').map((s) => s.labels.route)).not.toContain(`/api/v1/syncs/${run.id}`);
    expect(total(m, 'pillar_http_request_duration_seconds_bucket', { route: '/api/v1/health', le: '+Inf' })).toBeGreaterThanOrEqual(1);
  });

  it('reports every queue by state, read from BullMQ (empty once the sync is done)', async () => {
    const m = await scrape();
    const queues = [...new Set(select(m, 'pillar_queue_jobs').map((s) => s.labels.queue))].sort();
    expect(queues).toEqual(QUEUES);
    for (const queue of QUEUES) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(select(m, 'pillar_queue_jobs', { queue, state }), `${queue} ${state}`).toHaveLength(1);
      }
    }
    expect(total(m, 'pillar_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(total(m, 'pillar_queue_jobs', { state: 'active' })).toBe(0);
  });

  it('counts the findings stored as the database does, and the last sync of each kind', async () => {
    const [counts] = await p.db.prisma.$queryRaw<{ stored: number; open: number }[]>`
      SELECT count(*)::int AS stored, (count(*) FILTER (WHERE is_open))::int AS open FROM finding`;
    expect(counts!.stored).toBeGreaterThan(0);
    const m = await scrape();
    expect(total(m, 'pillar_findings_stored')).toBe(counts!.stored);
    expect(total(m, 'pillar_findings_open')).toBe(counts!.open);
    expect(run.status).toBe('succeeded');
    expect(total(m, 'pillar_last_sync_status', { kind: 'incremental', status: 'succeeded' })).toBe(1);
    expect(total(m, 'pillar_last_sync_status', { kind: 'incremental', status: 'failed' })).toBe(0);
    expect(total(m, 'pillar_last_sync_duration_seconds', { kind: 'incremental' })).toBeGreaterThan(0);
    expect(total(m, 'pillar_last_sync_findings_read', { kind: 'incremental' })).toBe(run.findings_read);
    expect(total(m, 'pillar_last_sync_findings_written', { kind: 'incremental' })).toBe(run.findings_written);
    expect(total(m, 'pillar_last_sync_finished_timestamp_seconds', { kind: 'incremental' }) * 1000).toBeLessThanOrEqual(Date.now());
    // No full sync has run: no series for it rather than zeros that would read as "took 0 s".
    expect(select(m, 'pillar_last_sync_duration_seconds', { kind: 'full' })).toEqual([]);
  });

  it("exports every worker's AWS calls and throttles by operation, and the findings they ingested", async () => {
    // The workers flush their counts after each job; the last flush follows the finalise job.
    await expect.poll(async () => total(await scrape(), 'pillar_findings_ingested_total', { result: 'read' })).toBe(run.findings_read);
    const m = await scrape();
    expect(total(m, 'pillar_aws_calls_total', { operation: 'GetFindings', outcome: 'ok' })).toBeGreaterThan(0);
    const sim = p.sim.counters({ includeLog: false });
    for (const [key, c] of Object.entries(sim.byOperation)) {
      const operation = key.split(':')[1]!;
      expect(total(m, 'pillar_aws_calls_total', { operation, outcome: 'ok' }), key).toBe(c.ok);
      expect(total(m, 'pillar_aws_calls_total', { operation, outcome: 'throttled' }), key).toBe(c.throttled);
    }
    const regions = select(m, 'pillar_aws_calls_total', { service: 'securityhub', operation: 'GetFindings', outcome: 'ok' }).map((s) => s.labels.region);
    expect(regions.sort()).toEqual([...REGIONS].sort());
    expect(total(m, 'pillar_findings_ingested_total', { result: 'written' })).toBe(run.findings_written);
  });

  it('says every source answered, and serves the default process metrics', async () => {
    const m = await scrape();
    for (const source of ['database', 'redis', 'queues']) expect(total(m, 'pillar_metrics_source_up', { source }), source).toBe(1);
    expect(select(m, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(select(m, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('is refused to a viewer (403) and without a credential (401)', async () => {
    expect((await t.http.get('/metrics').set(bearer(viewer)).expect(403)).body).toEqual(ERROR_SHAPE);
    expect((await t.http.get('/metrics').expect(401)).body).toEqual(ERROR_SHAPE);
    expect(t.app.routeAccess.filter((r) => r.url === '/metrics').map((r) => r.access)).toEqual(['admin', 'admin']);
  });

  it('is served without a credential on the separate metrics listener, and nothing else there', async () => {
    const listener = await listenForMetrics(t.app.metrics, { host: '127.0.0.1', port: 0 }, t.app.log);
    try {
      const res = await fetch(listener.url);
      expect(res.status).toBe(200);
      const m = parseMetrics(await res.text());
      expect(total(m, 'pillar_findings_stored')).toBeGreaterThan(0);
      expect((await fetch(listener.url.replace(/\/metrics$/, '/api/v1/me'))).status).toBe(404);
    } finally {
      await listener.close();
    }
  });
});

describe('Bull Board at /admin/queues', () => {
  it('answers an admin with its page, and its assets render under its own CSP', async () => {
    const page = await t.http.get('/admin/queues').set(bearer(admin)).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/"');
    const csp = page.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    const script = /src="(static\/js\/main\.[\w.]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await t.http.get(`/admin/queues/${script!}`).set(bearer(admin)).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const css = /href="(static\/css\/main\.[\w.]+\.css)"/.exec(page.text)?.[1];
    await t.http.get(`/admin/queues/${css!}`).set(bearer(admin)).expect(200).expect('content-type', /text\/css/);
    // The rest of the app keeps the strict policy.
    const elsewhere = await t.http.get('/api/v1/health').expect(200);
    expect(elsewhere.headers['content-security-policy']).toContain("style-src 'self';");
  });

  it('lists every Pillar queue, read-only', async () => {
    const res = await t.http.get('/admin/queues/api/queues').set(bearer(admin)).expect(200);
    const queues = (res.body as { queues: { name: string; readOnlyMode: boolean }[] }).queues;
    expect(queues.map((q) => q.name).sort()).toEqual(QUEUES);
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('opens for an admin logged in with the session cookie (the browser)', async () => {
    const make = factories(t.db, t.redis, t.redisPrefix);
    const user = await make.user({ role: 'admin' });
    const session = await login(t, user.email);
    await t.http.get('/admin/queues').set('cookie', session.cookie).expect(200);
    await t.http.get('/admin/queues/api/queues').set('cookie', session.cookie).expect(200);
  });

  it('refuses a viewer (403) and a caller without a credential (401), pages, assets and API alike', async () => {
    for (const url of ['/admin/queues', '/admin/queues/queue/pillar-sync', '/admin/queues/static/images/logo.svg', '/admin/queues/api/queues']) {
      expect((await t.http.get(url).set(bearer(viewer)).expect(403)).body, url).toEqual(ERROR_SHAPE);
      expect((await t.http.get(url).expect(401)).body, url).toEqual(ERROR_SHAPE);
    }
    await t.http.put('/admin/queues/api/queues/pillar-sync/retry/failed').set(bearer(viewer)).expect(403);
  });

  it('lists all its routes, those of its static files included, as admin in the access table', () => {
    const board = t.app.routeAccess.filter((r) => r.url.startsWith('/admin/queues'));
    expect(board.length).toBeGreaterThan(10);
    expect(board.filter((r) => r.access !== 'admin')).toEqual([]);
    expect(board.map((r) => r.url)).toEqual(expect.arrayContaining(['/admin/queues', '/admin/queues/static/*', '/admin/queues/api/queues']));
  });

  it('finds the queues in Redis when no region is configured', async () => {
    const bare = await buildTestApp({ db: p.db, queuePrefix: p.prefix });
    try {
      const make = factories(bare.db, bare.redis, bare.redisPrefix);
      const token = (await make.token('admin')).secret;
      const res = await bare.http.get('/admin/queues/api/queues').set(bearer(token)).expect(200);
      expect((res.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort()).toEqual(QUEUES);
      const m = parseMetrics((await bare.http.get('/metrics').set(bearer(token)).expect(200)).text);
      expect([...new Set(select(m, 'pillar_queue_jobs').map((s) => s.labels.queue))].sort()).toEqual(QUEUES);
    } finally {
      await bare.close();
    }
  });
});

describe('configuration', () => {
  const env = { PILLAR_SESSION_SECRET: SESSION_SECRET };

  it('keeps the metrics listener off by default and refuses a bad PILLAR_METRICS_PORT in one line', () => {
    expect(loadServerSettings(env).metricsPort).toBeNull();
    expect(loadServerSettings({ ...env, PILLAR_METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    for (const bad of ['0', 'x', '65536', '3000']) {
      expect(() => loadServerSettings({ ...env, PILLAR_METRICS_PORT: bad })).toThrow(ConfigError);
      expect(() => loadServerSettings({ ...env, PILLAR_METRICS_PORT: bad })).toThrow(/^PILLAR_METRICS_PORT: /);
    }
  });

  it('checks responses with Zod only when PILLAR_CHECK_RESPONSES is on (off in production)', () => {
    expect(loadServerSettings(env).checkResponses).toBe(false);
    expect(loadServerSettings({ ...env, PILLAR_CHECK_RESPONSES: 'on' }).checkResponses).toBe(true);
    expect(loadServerSettings({ ...env, PILLAR_CHECK_RESPONSES: 'off' }).checkResponses).toBe(false);
    expect(() => loadServerSettings({ ...env, PILLAR_CHECK_RESPONSES: 'yes' })).toThrow(/^PILLAR_CHECK_RESPONSES: /);
  });

  it('reads the queue prefix once, with the workers’ default', () => {
    expect(loadServerSettings(env).queuePrefix).toBe('pillar');
    expect(loadServerSettings({ ...env, PILLAR_QUEUE_PREFIX: 'acme' }).queuePrefix).toBe('acme');
  });
});
