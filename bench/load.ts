// Load benchmark (issue "Proof at scale"): autocannon against GET /api/v1/posture on the real server process
// (apps/api/src/server.ts, started as `pnpm api` starts it, its log going to a file), with a viewer API token and the
// per-credential rate limit raised through the server's own setting (PILLAR_RATE_LIMIT), on the read fixture
// (bench/history-fixture.ts): a database kept by `pnpm bench read --keep` with --db NAME, else a smaller one generated
// for the run (--scale, default 0.1). Two phases, each beside the same autocannon settings against /api/v1/health
// (no credential, no database) in the same run:
//   (a) maximum throughput for --max-seconds (20) with --connections (50)            goal >= 1,000 req/s
//   (b) a fixed --rate (500 req/s, autocannon overallRate) for --rate-seconds (60)   goal p99 <= 100 ms, no error
// CPU seconds of the server process, of the Postgres backends serving the fixture database, of this process
// (autocannon) and of the whole machine are recorded per phase: on a 2-core machine they say who saturates.
//
// Usage: pnpm bench load [--db NAME | --scale 0.1 [--keep]] [--connections 50] [--max-seconds 20] [--rate 500]
//                        [--rate-seconds 60] [--path /api/v1/posture] [--keep-log]
// The server's log (one line per request at level info, ~450 bytes each) is deleted at the end unless --keep-log.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createPrisma } from '@pillar/db';
import { deleteRedisKeys, freePort, uniqueRedisPrefix } from '@pillar/testkit';
import { createViewerToken, REDIS_URL, serverEnv } from './api-harness.ts';
import { arg, machine, writeResult } from './common.ts';
import { fixtureOptionsFromArgs, openHistoryFixture } from './history-fixture.ts';
import { round } from './stats.ts';

const CONNECTIONS = Number(arg('connections', '50'));
const MAX_SECONDS = Number(arg('max-seconds', '20'));
const RATE = Number(arg('rate', '500'));
const RATE_SECONDS = Number(arg('rate-seconds', '60'));
const PATH = arg('path', '/api/v1/posture');
const BASELINE_PATH = '/api/v1/health';
const KEEP_LOG = process.argv.includes('--keep-log');
const GOAL_RPS = 1000;
const GOAL_P99_MS = 100;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKS = 100; // USER_HZ on Linux

/** user + system CPU seconds of a process (0 when it is gone). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores). */
function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((s, x) => s + x, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: (total - idle) / TICKS, total: total / TICKS };
}

function statusValue(pid: number, key: string): number {
  try {
    const m = new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Math.round(Number(m?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

type Phase = {
  phase: string;
  path: string;
  target: string;
  result: Result;
  cpu: { serverPct: number; postgresPct: number; benchPct: number; machineBusyPct: number };
  loadAverage: { '1m': number; '5m': number };
};

async function main() {
  const loadAtStart = machine().loadAverage;
  const fixture = await openHistoryFixture(fixtureOptionsFromArgs(0.1));
  const port = await freePort();
  const queuePrefix = uniqueRedisPrefix('bench-load');
  const env = serverEnv(fixture.url, { PORT: String(port), PILLAR_QUEUE_PREFIX: queuePrefix });
  const logFile = join(tmpdir(), `pillar-bench-load-${Date.now()}.log`);
  const logFd = openSync(logFile, 'a');
  // As `pnpm api` runs it (tsx apps/api/src/server.ts): `node --import tsx`, so that signals reach the server itself.
  const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/api/src/server.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', logFd, logFd],
  });
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  closeSync(logFd);
  const base = `http://127.0.0.1:${port}`;
  const redis = new Redis(REDIS_URL);
  const prisma = createPrisma(fixture.url);
  const monitor = new pg.Client({ connectionString: fixture.url, application_name: 'pillar-bench-monitor' });
  await monitor.connect();
  let succeeded = false;
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}); log: ${logFile}`);
      const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s; log: ${logFile}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const token = await createViewerToken(prisma, redis, 'pillar:', 'bench-load');
    const auth = { authorization: `Bearer ${token}` };
    const check = await fetch(`${base}${PATH}`, { headers: auth });
    if (check.status !== 200) throw new Error(`GET ${PATH} answered ${check.status}: ${await check.text()}`);
    console.log(`load: server pid ${server.pid} on ${base} (log ${logFile}), fixture ${fixture.name} (scale ${fixture.meta.scale})`);

    const pid = server.pid ?? 0;
    const backendPids = async () =>
      (
        await monitor.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
      ).rows.map((r) => r.pid);

    const runPhase = async (phase: string, path: string, target: string, opts: { duration: number; overallRate?: number }): Promise<Phase> => {
      const headers = path === BASELINE_PATH ? {} : auth;
      const pgBefore = new Map((await backendPids()).map((p) => [p, cpuSeconds(p)]));
      const before = { server: cpuSeconds(pid), bench: process.cpuUsage(), machine: machineCpu() };
      const t0 = performance.now();
      const result = await autocannon({
        url: `${base}${path}`,
        title: phase,
        connections: CONNECTIONS,
        duration: opts.duration,
        headers,
        timeout: 10,
        ...(opts.overallRate === undefined ? {} : { overallRate: opts.overallRate }),
      });
      const seconds = (performance.now() - t0) / 1000;
      // Backends alive at the end: their CPU since the start (all of it for one opened during the phase). A backend
      // that closed during the phase (an idle pool connection) is not counted: its last figures are gone.
      const pgSeconds = (await backendPids()).reduce((sum, p) => sum + Math.max(0, cpuSeconds(p) - (pgBefore.get(p) ?? 0)), 0);
      const bench = process.cpuUsage(before.bench);
      const m = machineCpu();
      const pct = (x: number) => round((100 * x) / seconds, 0);
      const out: Phase = {
        phase,
        path,
        target,
        result,
        cpu: {
          serverPct: pct(cpuSeconds(pid) - before.server),
          postgresPct: pct(pgSeconds),
          benchPct: pct((bench.user + bench.system) / 1e6),
          machineBusyPct: round((100 * (m.busy - before.machine.busy)) / Math.max(0.001, m.total - before.machine.total), 0),
        },
        loadAverage: machine().loadAverage,
      };
      const l = result.latency;
      console.log(
        `  ${phase}: ${round(result.requests.average, 0)} req/s (${result.requests.total} in ${result.duration} s), latency p50 ${l.p50} / p90 ${l.p90} / p99 ${l.p99} / max ${l.max} ms, ` +
          `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}; CPU server ${out.cpu.serverPct}%, postgres ${out.cpu.postgresPct}%, ` +
          `autocannon ${out.cpu.benchPct}%, machine busy ${out.cpu.machineBusyPct}% of ${machine().cpus} cores`,
      );
      return out;
    };

    // Warm-up (not recorded): the pool's connections, the plans, the JIT.
    await autocannon({ url: `${base}${PATH}`, connections: 10, duration: 5, headers: auth });
    await autocannon({ url: `${base}${BASELINE_PATH}`, connections: 10, duration: 2 });

    const phases: Phase[] = [];
    phases.push(await runPhase('max throughput', PATH, `${CONNECTIONS} connections, ${MAX_SECONDS} s`, { duration: MAX_SECONDS }));
    phases.push(await runPhase('max throughput (baseline: health)', BASELINE_PATH, `${CONNECTIONS} connections, ${MAX_SECONDS} s`, { duration: MAX_SECONDS }));
    phases.push(await runPhase(`fixed rate ${RATE}/s`, PATH, `${RATE} req/s, ${RATE_SECONDS} s`, { duration: RATE_SECONDS, overallRate: RATE }));
    phases.push(
      await runPhase(`fixed rate ${RATE}/s (baseline: health)`, BASELINE_PATH, `${RATE} req/s, ${RATE_SECONDS} s`, { duration: RATE_SECONDS, overallRate: RATE }),
    );

    const [maxRun, maxBase, rateRun, rateBase] = phases;
    const errorsOf = (p: Phase | undefined) => (p ? p.result.errors + p.result.timeouts + p.result.non2xx : Number.NaN);
    const goals = {
      maxThroughput: { goalReqPerSec: GOAL_RPS, measured: round(maxRun?.result.requests.average ?? 0, 0), met: (maxRun?.result.requests.average ?? 0) >= GOAL_RPS },
      fixedRate: {
        goalP99Ms: GOAL_P99_MS,
        p99: rateRun?.result.latency.p99 ?? Number.NaN,
        errors: errorsOf(rateRun),
        achievedReqPerSec: round((rateRun?.result.requests.total ?? 0) / (rateRun?.result.duration ?? 1), 0),
        met: (rateRun?.result.latency.p99 ?? Infinity) <= GOAL_P99_MS && errorsOf(rateRun) === 0,
      },
      ratios: {
        throughputVsHealth: round((maxRun?.result.requests.average ?? 0) / (maxBase?.result.requests.average ?? 1)),
        p99VsHealthAtRate: round((rateRun?.result.latency.p99 ?? 0) / (rateBase?.result.latency.p99 ?? 1)),
      },
    };

    console.table(
      Object.fromEntries(
        phases.map((p) => [
          p.phase,
          {
            path: p.path,
            'req/s': round(p.result.requests.average, 0),
            total: p.result.requests.total,
            'p50 ms': p.result.latency.p50,
            'p90 ms': p.result.latency.p90,
            'p99 ms': p.result.latency.p99,
            'max ms': p.result.latency.max,
            errors: p.result.errors,
            timeouts: p.result.timeouts,
            'non-2xx': p.result.non2xx,
            'server CPU%': p.cpu.serverPct,
            'postgres CPU%': p.cpu.postgresPct,
            'autocannon CPU%': p.cpu.benchPct,
          },
        ]),
      ),
    );
    console.log(
      `goals: >= ${GOAL_RPS} req/s: ${goals.maxThroughput.measured} (${goals.maxThroughput.met ? 'ok' : 'MISS'}, ${goals.ratios.throughputVsHealth}x health); ` +
        `at ${RATE}/s p99 <= ${GOAL_P99_MS} ms and no error: p99 ${goals.fixedRate.p99} ms, ${goals.fixedRate.errors} errors ` +
        `(${goals.fixedRate.met ? 'ok' : 'MISS'}; achieved ${goals.fixedRate.achievedReqPerSec} req/s; p99 ${goals.ratios.p99VsHealthAtRate}x health)`,
    );
    const serverPeakRssMb = statusValue(pid, 'VmHWM');
    const logBytes = statSync(logFile).size;

    writeResult('load', {
      benchmark: 'load',
      machine: machine(),
      loadAverageAtStart: loadAtStart,
      fixture: { database: fixture.name, reused: fixture.reused, ...fixture.meta },
      server: {
        entry: 'apps/api/src/server.ts',
        rateLimitPerMinute: Number(env.PILLAR_RATE_LIMIT),
        peakRssMb: serverPeakRssMb,
        log: KEEP_LOG ? logFile : null,
        logBytes,
      },
      settings: { connections: CONNECTIONS, maxSeconds: MAX_SECONDS, rate: RATE, rateSeconds: RATE_SECONDS, path: PATH, baselinePath: BASELINE_PATH },
      goals,
      phases: phases.map((p) => ({
        phase: p.phase,
        path: p.path,
        target: p.target,
        requestsPerSecond: { average: round(p.result.requests.average), min: p.result.requests.min, max: p.result.requests.max, total: p.result.requests.total },
        latencyMs: {
          mean: p.result.latency.mean,
          p50: p.result.latency.p50,
          p90: p.result.latency.p90,
          p97_5: p.result.latency.p97_5,
          p99: p.result.latency.p99,
          max: p.result.latency.max,
        },
        errors: p.result.errors,
        timeouts: p.result.timeouts,
        non2xx: p.result.non2xx,
        statusCodeStats: p.result.statusCodeStats,
        duration: p.result.duration,
        cpu: p.cpu,
        loadAverage: p.loadAverage,
      })),
    });
    succeeded = true;
  } finally {
    server.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
    if (code === 'timeout') server.kill('SIGKILL');
    await monitor.end();
    await prisma.$disconnect();
    await deleteRedisKeys(redis, queuePrefix);
    redis.disconnect();
    await fixture.release();
    // A failed run keeps the log for its reader.
    if (succeeded && !KEEP_LOG) unlinkSync(logFile);
    else console.log(`server log: ${logFile}`);
  }
}

await main();
