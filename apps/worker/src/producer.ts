import { createOrJoinRun, type PrismaClient } from '@pillar/db';
import type { ConnectionOptions } from 'bullmq';
import { createQueues } from './runtime.ts';

// What the API needs besides producing: the queue names (metrics, Bull Board) and the workers' shared counters.
export { queueNamesFor } from './runtime.ts';
export { readSharedCounters, type SharedCounters } from './shared-counters.ts';

export type SyncRequest = { kind: 'incremental' | 'full'; requestedBy: string; asOf?: string };
export type SyncStarted = { id: string; joined: boolean; asOf: string; kind: 'incremental' | 'full' };

/**
 * Starts a sync for the API and the CLI (processes that only produce): creates the run or joins the active one,
 * then enqueues its start after the run is committed. The start job's id is the run's, so a join never
 * enqueues twice.
 */
export function createSyncStarter(deps: { prisma: PrismaClient; connection: ConnectionOptions; prefix: string; today?: () => string }) {
  const queues = createQueues({ connection: deps.connection, prefix: deps.prefix });
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  return {
    async start(input: SyncRequest): Promise<SyncStarted> {
      const run = await createOrJoinRun(deps.prisma, { kind: input.kind, asOf: input.asOf ?? today(), requestedBy: input.requestedBy });
      await queues.enqueue('sync.start', { runId: run.id }, `${run.id}.start`);
      return run;
    },
    /** Worker processes currently attached to the control queue. */
    async workerCount(): Promise<number> {
      return (await queues.get('pillar-sync').getWorkers()).length;
    },
    close: () => queues.close(),
  };
}

export type SyncStarter = ReturnType<typeof createSyncStarter>;
