import type { Prisma, PrismaClient, RecordedDay, SyncPart, SyncRun } from '@pillar/db';
import { dateOf, type Day } from './days.ts';

export type SyncRunInput = Partial<Omit<Prisma.SyncRunCreateManyInput, 'asOf'>> & { asOf?: Day };

/** A finished incremental run as of `asOf` (default 2026-01-01) unless overridden. */
export function makeSyncRun(overrides: SyncRunInput = {}): Prisma.SyncRunCreateManyInput {
  const { asOf, ...rest } = overrides;
  return {
    kind: 'incremental',
    status: 'succeeded',
    requestedBy: 'schedule',
    startedAt: new Date('2026-01-01T00:00:00Z'),
    finishedAt: new Date('2026-01-01T00:05:00Z'),
    ...rest,
    asOf: dateOf(asOf ?? '2026-01-01'),
  };
}

export async function insertSyncRun(prisma: PrismaClient, overrides: SyncRunInput = {}): Promise<SyncRun> {
  return prisma.syncRun.create({ data: makeSyncRun(overrides) });
}

export type SyncPartInput = Partial<Omit<Prisma.SyncPartCreateManyInput, 'syncRunId'>> & { accountId: string };

/** Parts of a run: default Security Hub in us-east-1, succeeded. */
export async function insertSyncParts(prisma: PrismaClient, syncRunId: string, ...parts: SyncPartInput[]): Promise<SyncPart[]> {
  return prisma.syncPart.createManyAndReturn({
    data: parts.map((p) => ({ source: 'securityhub', region: 'us-east-1', status: 'succeeded', attempts: 1, ...p, syncRunId })),
  });
}

/** Marks days as recorded, by `syncRunId` or by a run created for the first day. */
export async function insertRecordedDays(prisma: PrismaClient, days: readonly Day[], syncRunId?: string): Promise<RecordedDay[]> {
  if (days.length === 0) return [];
  const runId = syncRunId ?? (await insertSyncRun(prisma, { asOf: days[0] as Day })).id;
  return prisma.recordedDay.createManyAndReturn({ data: days.map((day) => ({ day: dateOf(day), syncRunId: runId })) });
}
