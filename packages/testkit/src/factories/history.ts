import type { AccountDay, ControlDay, OrgDay, PairState, PrismaClient } from '@pillar/db';
import { dateOf, intervalsOf, optionalDate, type Day } from './days.ts';

export type Counts = { passed?: number; failed?: number; unknown?: number; noData?: number };
export type OpenCounts = { openCritical?: number; openHigh?: number; openMedium?: number; openLow?: number; openInformational?: number };

export type PairStateInput = {
  accountId: string;
  controlId: string;
  /** Default '*' (all regions combined). */
  region?: string;
  status: 'PASSED' | 'FAILED' | 'UNKNOWN' | 'NO_DATA';
  failedResources?: number;
  fromDay: Day;
  toDay?: Day | null;
  /** Default fromDay. */
  statusSince?: Day;
};

export async function insertPairStates(prisma: PrismaClient, ...rows: PairStateInput[]): Promise<PairState[]> {
  return prisma.pairState.createManyAndReturn({
    data: rows.map((r) => ({
      accountId: r.accountId,
      controlId: r.controlId,
      region: r.region ?? '*',
      status: r.status,
      failedResources: r.failedResources ?? (r.status === 'FAILED' ? 1 : 0),
      statusSince: dateOf(r.statusSince ?? r.fromDay),
      fromDay: dateOf(r.fromDay),
      toDay: optionalDate(r.toDay),
    })),
  });
}

export type PairStep = { from: Day; status: PairStateInput['status']; failedResources?: number };

/**
 * A pair's history as consecutive rows, one per step; status_since is carried across steps that keep the
 * status (as the worker does when only failed_resources changes).
 */
export async function insertPairHistory(
  prisma: PrismaClient,
  pair: { accountId: string; controlId: string; region?: string },
  steps: readonly PairStep[],
  end: Day | null = null,
): Promise<PairState[]> {
  let since: { status: string; day: Day } | undefined;
  const rows = intervalsOf(steps, end).map((s) => {
    if (since?.status !== s.status) since = { status: s.status, day: s.from };
    return { ...pair, status: s.status, failedResources: s.failedResources, fromDay: s.from, toDay: s.toDay, statusSince: since.day };
  });
  return insertPairStates(prisma, ...rows);
}

export type AccountDayInput = Counts &
  OpenCounts & {
    accountId: string;
    /** Default '*'. */
    region?: string;
    /** Default 'securityhub'. */
    source?: 'securityhub' | 'config';
    /** A domain key, or '' (default) = unmapped. */
    domain?: string;
    fromDay: Day;
    toDay?: Day | null;
  };

export async function insertAccountDays(prisma: PrismaClient, ...rows: AccountDayInput[]): Promise<AccountDay[]> {
  return prisma.accountDay.createManyAndReturn({
    data: rows.map(({ fromDay, toDay, region, source, domain, ...counts }) => ({
      ...counts,
      region: region ?? '*',
      source: source ?? 'securityhub',
      domain: domain ?? '',
      fromDay: dateOf(fromDay),
      toDay: optionalDate(toDay),
    })),
  });
}

export type OrgDayInput = Counts & OpenCounts & { day: Day; region?: string; source?: 'securityhub' | 'config'; domain?: string };

export async function insertOrgDays(prisma: PrismaClient, ...rows: OrgDayInput[]): Promise<OrgDay[]> {
  return prisma.orgDay.createManyAndReturn({
    data: rows.map(({ day, region, source, domain, ...counts }) => ({
      ...counts,
      day: dateOf(day),
      region: region ?? '*',
      source: source ?? 'securityhub',
      domain: domain ?? '',
    })),
  });
}

export type ControlDayInput = Counts & { day: Day; controlId: string; domain?: string };

export async function insertControlDays(prisma: PrismaClient, ...rows: ControlDayInput[]): Promise<ControlDay[]> {
  return prisma.controlDay.createManyAndReturn({
    data: rows.map(({ day, domain, ...rest }) => ({ ...rest, day: dateOf(day), domain: domain ?? '' })),
  });
}
