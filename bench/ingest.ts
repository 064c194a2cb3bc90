// Ingest benchmark (issue "Proof at scale"): findings per second end to end (sync start to day recorded),
// through the real worker as its own process, against the simulator with its rate limits off, beside a raw COPY
// of the same rows into the same table in the same run; and the worker's peak RSS.
// Usage: pnpm bench ingest [--accounts N] [--regions a,b] [--seed S] [--cpu-prof DIR] [--worker-log FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createSimulator } from '@pillar/aws-sim';
import { createTestDatabase, uniqueRedisPrefix } from '@pillar/testkit';
import pg from 'pg';
import { to as copyTo, from as copyFrom } from 'pg-copy-streams';
import { redisConnection } from '../apps/worker/src/env.ts';
import { createSyncStarter } from '../apps/worker/src/producer.ts';
import { pipelineEnv, spawnEntry, waitForOutput } from '../apps/worker/test/processes.ts';
import { arg, machine, writeResult } from './common.ts';

const accounts = Number(arg('accounts', '100'));
const regions = arg('regions', 'us-east-1,eu-west-1').split(',');
const seed = Number(arg('seed', '1'));
// --cpu-prof DIR: a V8 CPU profile of the worker process, written to DIR when it exits.
const cpuProfDir = arg('cpu-prof', '');
// --worker-log FILE: the worker's own output (pino JSON lines), for its timings.
const workerLog = arg('worker-log', '');
const DAY_MS = 86_400_000;

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
  } catch {
    return 0;
  }
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function main() {
  const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
  const genStart = Date.now();
  const sim = await createSimulator({ seed, accounts, regions, startDay: yesterday, rateLimits: false });
  console.log(`simulator: ${sim.state().findingCount} findings in ${accounts} accounts x ${regions.length} regions (generated in ${Date.now() - genStart} ms)`);
  const db = await createTestDatabase();
  const prefix = uniqueRedisPrefix('bench');
  const env = { ...pipelineEnv({ simUrl: sim.url, databaseUrl: db.url, prefix, regions, home: regions[0] ?? 'us-east-1', lockMs: 30_000 }), PILLAR_AWS_RATE_LIMITS: 'off' };
  const worker = spawnEntry('apps/worker/src/main.ts', [], env, cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []);
  await waitForOutput(worker, /worker started/);
  const starter = createSyncStarter({ prisma: db.prisma, connection: redisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), prefix });
  // Where the CPU goes during the sync: the worker, this process (the simulator serving GetFindings), Postgres.
  const workerPid = worker.proc.pid ?? 0;
  const workerCpu0 = cpuSeconds(workerPid);
  const benchCpu0 = process.cpuUsage();
  const backendCpu = new Map<number, { first: number; last: number }>();
  const sampleBackends = async () => {
    const pids = await db.prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
    for (const { pid } of pids) {
      const now = cpuSeconds(pid);
      const seen = backendCpu.get(pid);
      if (seen) seen.last = Math.max(seen.last, now);
      else backendCpu.set(pid, { first: now, last: now });
    }
  };
  await sampleBackends();
  const loadAtStart = Number((loadavg()[0] ?? 0).toFixed(2));
  const run = await starter.start({ kind: 'incremental', requestedBy: 'bench' });
  let peak = 0;
  for (;;) {
    peak = Math.max(peak, peakRssMb(workerPid));
    await sampleBackends();
    const r = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } });
    if (r.finishedAt) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  await sampleBackends();
  const benchCpu = process.cpuUsage(benchCpu0);
  // Backends already connected before the run count from then (their CPU before is not the sync's).
  const cpu = {
    workerSeconds: Number((cpuSeconds(workerPid) - workerCpu0).toFixed(1)),
    simulatorSeconds: Number(((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)),
    postgresSeconds: Number([...backendCpu.values()].reduce((sum, b) => sum + b.last - b.first, 0).toFixed(1)),
  };
  // When each source's parts ran, from the run's creation; the finalisation follows the last part.
  const spans = await db.prisma.$queryRaw<{ source: string; from_s: number; to_s: number }[]>`
    SELECT p.source, extract(epoch FROM min(p.started_at) - r.created_at)::float8 AS from_s,
      extract(epoch FROM max(p.finished_at) - r.created_at)::float8 AS to_s
    FROM sync_part p JOIN sync_run r ON r.id = p.sync_run_id WHERE r.id = ${run.id}::uuid GROUP BY p.source, r.created_at ORDER BY 2`;
  const parts = Object.fromEntries(spans.map((s) => [s.source, { fromSeconds: Number(s.from_s.toFixed(2)), toSeconds: Number(s.to_s.toFixed(2)) }]));
  const done = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } });
  const seconds = (done.finishedAt!.getTime() - done.createdAt.getTime()) / 1000;
  const stored = await db.prisma.finding.count();

  // Baseline: the same rows, COPY'd into an empty copy of the same table (same indexes) in the same run.
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('CREATE TABLE finding_copy (LIKE finding INCLUDING ALL)');
  const { rows: cols } = await client.query<{ c: string }>(
    `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns
     WHERE table_name = 'finding' AND is_generated = 'NEVER'`,
  );
  const columns = cols[0]?.c ?? '*';
  const chunks: Buffer[] = [];
  const out = client.query(copyTo(`COPY (SELECT ${columns} FROM finding) TO STDOUT`));
  for await (const c of out) chunks.push(c as Buffer);
  const copyStart = performance.now();
  const inStream = client.query(copyFrom(`COPY finding_copy (${columns}) FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    inStream.on('finish', resolve);
    inStream.on('error', reject);
    for (const c of chunks) inStream.write(c);
    inStream.end();
  });
  const copySeconds = (performance.now() - copyStart) / 1000;
  await client.end();

  const result = {
    benchmark: 'ingest',
    machine: machine(),
    // The 1-minute load average when the sync started (machine() has it at the end, after the COPY).
    loadAverageAtStart: loadAtStart,
    accounts,
    regions,
    findings: stored,
    status: done.status,
    seconds,
    findingsPerSecond: Math.round(stored / seconds),
    copySeconds,
    copyFindingsPerSecond: Math.round(stored / copySeconds),
    ratioToCopy: Number((seconds / copySeconds).toFixed(2)),
    workerPeakRssMb: peak,
    cpu,
    parts,
    goals: { findingsPerSecondFloor: 5000, findingsPerSecondAim: 20000, maxRatioToCopy: 3, maxRssMb: 300 },
  };
  console.table({
    'end to end (sync start to day recorded)': { seconds: seconds.toFixed(1), 'findings/s': result.findingsPerSecond },
    'COPY of the same rows (baseline)': { seconds: copySeconds.toFixed(1), 'findings/s': result.copyFindingsPerSecond },
  });
  console.log(`ratio to COPY: ${result.ratioToCopy}x (goal <= 3x); worker peak RSS ${peak} MB (goal <= 300 MB); status ${done.status}`);
  console.log(`CPU during the sync: worker ${cpu.workerSeconds} s, simulator ${cpu.simulatorSeconds} s, Postgres ${cpu.postgresSeconds} s; parts ${JSON.stringify(parts)}`);
  writeResult('ingest', result);

  worker.proc.kill('SIGTERM');
  await worker.exited;
  if (workerLog) writeFileSync(workerLog, worker.output());
  await starter.close();
  await sim.close();
  await db.drop();
}

await main();
