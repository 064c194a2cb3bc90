import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrismaClient } from '@pillar/db';
import { readSharedCounters } from '@pillar/worker/producer';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import type { QueueDirectory } from '../queues.ts';
import { errors } from '../schemas/common.ts';

// Prometheus series of one API instance, in a registry of its own (tests build several apps in one process).
// Everything but the HTTP histogram is read at scrape time: queue depths from BullMQ, sync and findings state
// from the database, the workers' cumulative AWS call and findings counts from Redis (see the worker's
// shared-counters.ts). A source that does not answer drops its series and sets pillar_metrics_source_up to 0.

export type MetricsSources = {
  prisma: Pick<PrismaClient, '$queryRaw'>;
  redis: Pick<Redis, 'hgetall'>;
  queues: Pick<QueueDirectory, 'prefix' | 'list'>;
  log: FastifyBaseLogger;
};

export type ApiMetrics = {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; status_code: string }, seconds: number): void;
};

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const RUN_STATUSES = ['succeeded', 'partial', 'failed'] as const;

type LastSync = { kind: string; status: string; seconds: number; findings_read: number; findings_written: number; finished: number };

/** One read shared by the series of a scrape (prom-client collects every metric of a scrape at once). */
function perScrape<T>(read: () => Promise<T>, ttlMs = 1000): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (!last || Date.now() - last.at > ttlMs) last = { at: Date.now(), value: read() };
    return last.value;
  };
}

export function createApiMetrics(sources: MetricsSources): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const up = new Gauge({
    name: 'pillar_metrics_source_up',
    help: 'Whether a source of this scrape answered (database, redis, queues).',
    labelNames: ['source'] as const,
    registers,
    async collect() {
      await Promise.all([database(), shared(), depths()]);
    },
  });
  /** Runs a source's read; on failure logs it, marks the source down and yields null (its series are left out). */
  const guarded = <T>(source: 'database' | 'redis' | 'queues', read: () => Promise<T>) =>
    perScrape(async (): Promise<T | null> => {
      try {
        const value = await read();
        up.set({ source }, 1);
        return value;
      } catch (err) {
        sources.log.warn({ err, source }, 'metrics source unavailable');
        up.set({ source }, 0);
        return null;
      }
    });

  const database = guarded('database', async () => {
    const [counts] = await sources.prisma.$queryRaw<{ stored: number; open: number }[]>`
      SELECT count(*)::int AS stored, (count(*) FILTER (WHERE is_open))::int AS open FROM finding`;
    const runs = await sources.prisma.$queryRaw<LastSync[]>`
      SELECT DISTINCT ON (kind) kind, status,
        extract(epoch FROM finished_at - coalesce(started_at, created_at))::float8 AS seconds,
        findings_read, findings_written, extract(epoch FROM finished_at)::float8 AS finished
      FROM sync_run WHERE finished_at IS NOT NULL ORDER BY kind, finished_at DESC`;
    return { stored: counts?.stored ?? 0, open: counts?.open ?? 0, runs };
  });
  const shared = guarded('redis', () => readSharedCounters(sources.redis, sources.queues.prefix));
  const depths = guarded('queues', async () => {
    const queues = await sources.queues.list();
    return Promise.all(queues.map(async (q) => ({ queue: q.name, counts: await q.getJobCounts(...QUEUE_STATES) })));
  });

  const http = new Histogram({
    name: 'pillar_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  new Gauge({
    name: 'pillar_queue_jobs',
    help: 'Jobs per queue and state, read from BullMQ at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      for (const { queue, counts } of (await depths()) ?? []) {
        for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });

  const fromDatabase = (name: string, help: string, pick: (db: NonNullable<Awaited<ReturnType<typeof database>>>) => number) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        this.reset();
        const db = await database();
        if (db) this.set(pick(db));
      },
    });
  fromDatabase('pillar_findings_stored', 'Findings stored in the database (rows of every state).', (db) => db.stored);
  fromDatabase('pillar_findings_open', 'Stored findings that are open (active, not resolved or suppressed).', (db) => db.open);

  const lastSync = (name: string, help: string, value: (run: LastSync) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['kind'] as const,
      registers,
      async collect() {
        this.reset();
        for (const run of (await database())?.runs ?? []) this.set({ kind: run.kind }, value(run));
      },
    });
  lastSync('pillar_last_sync_duration_seconds', 'Duration of the last finished sync of each kind.', (r) => r.seconds);
  lastSync('pillar_last_sync_findings_read', 'Findings read from AWS by the last finished sync of each kind.', (r) => r.findings_read);
  lastSync('pillar_last_sync_findings_written', 'Findings written (new or changed) by the last finished sync of each kind.', (r) => r.findings_written);
  lastSync('pillar_last_sync_finished_timestamp_seconds', 'When the last sync of each kind finished (Unix time).', (r) => r.finished);
  new Gauge({
    name: 'pillar_last_sync_status',
    help: 'Status of the last finished sync of each kind: 1 on its status, 0 on the others.',
    labelNames: ['kind', 'status'] as const,
    registers,
    async collect() {
      this.reset();
      for (const run of (await database())?.runs ?? []) {
        for (const status of RUN_STATUSES) this.set({ kind: run.kind, status }, run.status === status ? 1 : 0);
      }
    },
  });

  new Counter({
    name: 'pillar_aws_calls_total',
    help: 'Requests every worker made to AWS (each retry attempt counted), by outcome: ok, throttled, error.',
    labelNames: ['service', 'operation', 'region', 'outcome'] as const,
    registers,
    async collect() {
      this.reset();
      for (const c of (await shared())?.awsCalls ?? []) {
        this.inc({ service: c.service, operation: c.operation, region: c.region, outcome: c.outcome }, c.count);
      }
    },
  });
  new Counter({
    name: 'pillar_findings_ingested_total',
    help: 'Security Hub findings every worker read from AWS, wrote (new or changed) and rejected as malformed.',
    labelNames: ['result'] as const,
    registers,
    async collect() {
      this.reset();
      const counts = (await shared())?.findings;
      if (counts) for (const [result, n] of Object.entries(counts)) this.inc({ result }, n);
    },
  });

  return {
    registry,
    observeRequest: (labels, seconds) => http.observe(labels, seconds),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's Prometheus registry (served at GET /metrics, and by the optional metrics listener). */
    metrics: ApiMetrics;
  }
}

/** Times every request (by route pattern, never the raw URL) and serves GET /metrics to admins. */
export function registerMetrics(app: FastifyInstance, metrics: ApiMetrics): void {
  app.decorate('metrics', metrics);
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}

export const metricsRoutes =
  (metrics: ApiMetrics): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get(
      '/metrics',
      {
        // Scrapes come every few seconds with one credential: never throttle them.
        config: { access: 'admin', rateLimit: false },
        schema: {
          tags: ['operations'],
          summary: 'Prometheus metrics (text exposition format); also on PILLAR_METRICS_PORT without a credential',
          response: { 200: z.string().describe('Prometheus text format 0.0.4'), ...errors(401, 403) },
        },
      },
      async (_request, reply) => {
        const text = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).send(text);
      },
    );
  };

/**
 * PILLAR_METRICS_PORT: GET /metrics without a credential on a listener of its own, for a Prometheus on a private
 * network (bind HOST to a private address, or firewall the port). Everything else answers 404.
 */
export async function listenForMetrics(
  metrics: ApiMetrics,
  at: { host: string; port: number },
  log: FastifyBaseLogger,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (err: unknown) => {
        log.error({ err }, 'metrics not collected');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => resolve());
  });
  const { address, family, port } = server.address() as AddressInfo;
  return {
    url: `http://${family === 'IPv6' ? `[${address}]` : address}:${port}/metrics`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
