import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsCall } from '@pillar/aws';
import type { Job, Worker } from 'bullmq';
import type pg from 'pg';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { FINDING_RESULTS, type CounterBatch, type FindingResult } from './shared-counters.ts';

// The worker's own Prometheus series (this process only, from its start). The cumulative AWS call and findings
// counts of every worker are also kept in Redis (shared-counters.ts) for the API's /metrics.

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const syncDuration = new Histogram({
    name: 'pillar_sync_duration_seconds',
    help: 'Duration of finished syncs, from the start of their first part to their finalisation.',
    labelNames: ['kind', 'status'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14_400],
    registers,
  });
  const findings = new Counter({
    name: 'pillar_findings_ingested_total',
    help: 'Security Hub findings read from AWS, written (new or changed) and rejected as malformed.',
    labelNames: ['result'] as const,
    registers,
  });
  const awsCalls = new Counter({
    name: 'pillar_aws_calls_total',
    help: 'Requests to AWS, each retry attempt counted, by outcome (ok, throttled, error).',
    labelNames: ['service', 'operation', 'region', 'outcome'] as const,
    registers,
  });
  const awsDuration = new Histogram({
    name: 'pillar_aws_call_duration_seconds',
    help: 'Duration of one request to AWS (one attempt).',
    labelNames: ['service', 'operation', 'region'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  for (const result of FINDING_RESULTS) findings.inc({ result }, 0);

  let shared: CounterBatch | null = null;
  return {
    registry,
    /** The AWS observer: `createAwsSource({ onCall: metrics.awsCall })`. */
    awsCall: (call: AwsCall): void => {
      awsCalls.inc({ service: call.service, operation: call.operation, region: call.region, outcome: call.outcome });
      awsDuration.observe({ service: call.service, operation: call.operation, region: call.region }, call.ms / 1000);
      shared?.awsCall(call);
    },
    findingsIngested: (n: Partial<Record<FindingResult, number>>): void => {
      for (const result of FINDING_RESULTS) if (n[result]) findings.inc({ result }, n[result]);
      shared?.findings(n);
    },
    syncFinalised: (run: { kind: string; status: string; seconds: number }): void => {
      syncDuration.observe({ kind: run.kind, status: run.status }, run.seconds);
    },
    /** Also adds the AWS call and findings counts to this batch (the Redis counters the API exports). */
    shareWith: (batch: CounterBatch): void => {
      shared = batch;
    },
  };
}

type Progress = Partial<Record<FindingResult, unknown>>;
const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/**
 * Feeds the metrics from a BullMQ worker's events: a Security Hub page's progress (read, written, rejected), a
 * sync's duration once its finalisation recorded the day, and a flush of the shared counters after every job.
 */
export function watchJobs(worker: Worker, deps: { metrics: WorkerMetrics; batch: CounterBatch; pool: Pick<pg.Pool, 'query'>; log: Logger }): void {
  const flush = () => {
    deps.batch.flush().catch((err: unknown) => deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'shared metrics not flushed (kept for the next job)'));
  };
  worker.on('completed', (job: Job, result: unknown) => {
    if (job.name === 'securityhub.page' && typeof job.progress === 'object' && job.progress !== null) {
      const p = job.progress as Progress;
      deps.metrics.findingsIngested({ read: count(p.read), written: count(p.written), rejected: count(p.rejected) });
    }
    if (job.name === 'sync.finalise' && (result as { recorded?: unknown } | null)?.recorded === true) {
      const runId = (job.data as { runId?: unknown }).runId;
      if (typeof runId === 'string') {
        finishedRun(deps.pool, runId).then(
          (run) => run && deps.metrics.syncFinalised(run),
          (err: unknown) => deps.log.warn({ runId, err: err instanceof Error ? err.message : String(err) }, 'sync duration not observed'),
        );
      }
    }
    flush();
  });
  worker.on('failed', flush);
}

async function finishedRun(pool: Pick<pg.Pool, 'query'>, runId: string): Promise<{ kind: string; status: string; seconds: number } | null> {
  const { rows } = await pool.query<{ kind: string; status: string; seconds: number }>(
    `SELECT kind, status, extract(epoch FROM finished_at - coalesce(started_at, created_at))::float8 AS seconds
     FROM sync_run WHERE id = $1::uuid AND finished_at IS NOT NULL`,
    [runId],
  );
  return rows[0] ?? null;
}

/** GET /metrics of this worker on host:port (port 0: any free port). No authentication: bind it to a private address. */
export async function serveMetrics(registry: Registry, listen: { host: string; port: number }, log: Logger): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => {
        log.error({ err }, 'metrics not collected');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`metrics: cannot listen on ${listen.host}:${listen.port} (PILLAR_WORKER_METRICS_PORT): ${err.code ?? err.message}`)),
    );
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { address, family, port } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
