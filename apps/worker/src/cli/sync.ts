import { ConfigError, loadStorageEnv } from '@pillar/config';
import { createPrisma, type PrismaClient } from '@pillar/db';
import { parseDay } from '@pillar/domain';
import type { Command } from 'commander';
import { redisConnection } from '../env.ts';
import { createSyncStarter } from '../producer.ts';
import { CliError, EXIT, usageError } from './common.ts';

type RunView = {
  status: string;
  as_of: string;
  parts_total: number;
  parts_done: number;
  parts_failed: number;
  findings_read: number;
  finished_at: Date | null;
};

const today = () => new Date().toISOString().slice(0, 10);

/** `pillar sync [--wait] [--as-of YYYY-MM-DD] [--full]` (CONTRACT.md). */
export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('enqueue one sync of every configured source, account and region (joins a running one)')
    .option('--wait', 'show progress, then exit with the run’s code (0 done, 1 failed, 2 some parts failed)')
    .option('--as-of <day>', 'record the resulting state as this day’s (YYYY-MM-DD, UTC; default today)')
    .option('--full', 'a full reconciliation instead of an incremental pull')
    .action(async (opts: { wait?: boolean; asOf?: string; full?: boolean }) => {
      const asOf = opts.asOf ?? today();
      if (parseDay(asOf) === null) throw usageError(`--as-of: "${asOf}" is not a date YYYY-MM-DD`);
      if (asOf > today()) throw usageError(`--as-of: ${asOf} is in the future; a sync records a day that has begun`);
      let env;
      try {
        env = loadStorageEnv(process.env);
      } catch (err) {
        if (err instanceof ConfigError) throw usageError(err.message);
        throw err;
      }
      const prisma = createPrisma(env.DATABASE_URL, { max: 2 });
      const starter = createSyncStarter({ prisma, connection: redisConnection(env.REDIS_URL), prefix: process.env.PILLAR_QUEUE_PREFIX?.trim() || 'pillar' });
      try {
        const run = await starter.start({ kind: opts.full ? 'full' : 'incremental', asOf, requestedBy: 'cli' });
        console.log(run.joined ? `Joined the running sync ${run.id} (${run.kind}, as of ${run.asOf}).` : `Sync ${run.id} started (${run.kind}, as of ${run.asOf}).`);
        if (opts.wait) process.exitCode = await waitFor(prisma, run.id, () => starter.workerCount());
      } finally {
        await starter.close();
        await prisma.$disconnect();
      }
    });
}

async function waitFor(prisma: PrismaClient, id: string, workers: () => Promise<number>): Promise<number> {
  const tty = process.stdout.isTTY === true;
  let lastLine = '';
  let warnedNoWorker = false;
  for (;;) {
    const rows = await prisma.$queryRaw<RunView[]>`
      SELECT status, to_char(as_of, 'YYYY-MM-DD') AS as_of, parts_total, parts_done, parts_failed, findings_read, finished_at
      FROM sync_run WHERE id = ${id}::uuid`;
    const run = rows[0];
    if (!run) throw new CliError(`sync ${id} disappeared`);
    if (run.finished_at) {
      if (tty) process.stdout.write('\n');
      return report(prisma, id, run);
    }
    if (!warnedNoWorker && (await workers()) === 0) {
      console.log('Waiting for a worker to take the sync (start one with `pnpm worker`)…');
      warnedNoWorker = true;
    }
    const line = progressLine(run, tty);
    if (tty) process.stdout.write(`\r${line}`);
    else if (line !== lastLine) console.log(line);
    lastLine = line;
    await new Promise((r) => setTimeout(r, tty ? 500 : 2000));
  }
}

export function progressLine(run: Pick<RunView, 'parts_total' | 'parts_done' | 'parts_failed' | 'findings_read' | 'status'>, bar: boolean): string {
  const ended = run.parts_done + run.parts_failed;
  const total = Math.max(run.parts_total, 1);
  const counts = `${ended}/${run.parts_total} parts${run.parts_failed ? ` (${run.parts_failed} failed)` : ''}, ${run.findings_read} findings read`;
  if (!bar) return `${run.status}: ${counts}`;
  const width = 24;
  const filled = Math.round((ended / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts}`;
}

async function report(prisma: PrismaClient, id: string, run: RunView): Promise<number> {
  console.log(`Sync ${id} ${run.status} (as of ${run.as_of}): ${run.parts_done} parts done, ${run.parts_failed} failed, ${run.findings_read} findings read.`);
  const failed = await prisma.syncPart.findMany({ where: { syncRunId: id, status: 'failed' }, orderBy: [{ source: 'asc' }, { accountId: 'asc' }, { region: 'asc' }] });
  for (const p of failed) console.log(`  failed: ${p.source} account ${p.accountId} region ${p.region}: ${p.errorCode ?? 'error'}: ${p.errorMessage ?? ''}`);
  if (run.status === 'succeeded') return EXIT.done;
  if (run.status === 'partial') return EXIT.partial;
  return EXIT.failed;
}
