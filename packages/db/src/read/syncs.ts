import type { PrismaClient, SyncPart, SyncRun } from '../generated/prisma/client.ts';

type SyncDb = Pick<PrismaClient, 'syncRun' | 'syncPart'>;

/** Where the previous page of runs stopped: runs are ordered by (created_at, id) descending. */
export type SyncRunCursor = { createdAt: Date; id: string };

/** Newest runs first (index created_at DESC), after the cursor; `hasMore` tells whether another page follows. */
export async function syncRunsPage(
  db: SyncDb,
  input: { after?: SyncRunCursor | undefined; limit: number },
): Promise<{ runs: SyncRun[]; hasMore: boolean }> {
  const after = input.after;
  const runs = await db.syncRun.findMany({
    where: after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
  });
  return { runs: runs.slice(0, input.limit), hasMore: runs.length > input.limit };
}

/** The failed parts of some runs (primary-key prefix per run): their errors. */
export async function failedSyncParts(db: SyncDb, runIds: readonly string[]): Promise<SyncPart[]> {
  if (runIds.length === 0) return [];
  return db.syncPart.findMany({
    where: { syncRunId: { in: [...runIds] }, status: 'failed' },
    orderBy: [{ source: 'asc' }, { accountId: 'asc' }, { region: 'asc' }],
  });
}

/** One run with all its parts (primary key, then the parts by primary-key prefix); null when unknown. */
export async function syncRunDetail(db: SyncDb, id: string): Promise<(SyncRun & { parts: SyncPart[] }) | null> {
  return db.syncRun.findUnique({
    where: { id },
    include: { parts: { orderBy: [{ source: 'asc' }, { accountId: 'asc' }, { region: 'asc' }] } },
  });
}
