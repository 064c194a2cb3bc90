import { Prisma } from '../generated/prisma/client.ts';
import { ALL_REGIONS } from '../vocabulary.ts';
import { dayText, domainOn, recordedDayOnOrBefore, type ReadDb } from './sql.ts';

/** One control across the organisation on a recorded day: numbers of accounts per status. */
export type ControlDayRow = {
  controlId: string;
  title: string;
  severity: string | null;
  /** The domain recorded that day; null = unmapped. */
  domain: string | null;
  passed: number;
  failed: number;
  unknown: number;
  noData: number;
};

/**
 * Controls on `day` organisation-wide: the control_day rows of R(D) (primary key (day, control_id)) with the
 * domain of that day, optionally narrowed to one domain ('' = unmapped). Most failed first, then by id.
 */
export async function controlsOn(db: ReadDb, input: { day: string; domain?: string | undefined }): Promise<ControlDayRow[]> {
  const domain = input.domain === undefined ? Prisma.empty : Prisma.sql`AND cd.domain = ${input.domain}`;
  return db.$queryRaw<ControlDayRow[]>`
    SELECT cd.control_id AS "controlId", c.title, c.severity, nullif(cd.domain, '') AS domain,
      cd.passed, cd.failed, cd.unknown, cd.no_data AS "noData"
    FROM control_day cd JOIN control c ON c.id = cd.control_id
    WHERE cd.day = ${recordedDayOnOrBefore(input.day)} ${domain}
    ORDER BY cd.failed DESC, cd.control_id`;
}

/** A pair's all-region status on a day, with its control. */
export type AccountControlRow = {
  controlId: string;
  title: string;
  severity: string | null;
  /**
   * The control's domain in force on the day (overrides and a Config-rule control's inheritance applied): the
   * one the day was recorded with, as the account's domain scores and the controls view count it; null = unmapped.
   */
  domain: string | null;
  status: string;
  failedResources: number;
  /** First day of the current run of this status. */
  statusSince: string;
};

/**
 * One account's controls on `day`: the pair_state '*' rows in force on D (primary-key prefix (account_id, '*')),
 * each with its control and the domain in force on D (`domainOn`: control_day of R(D) by primary key).
 */
export async function accountControlsOn(db: ReadDb, input: { accountId: string; day: string }): Promise<AccountControlRow[]> {
  return db.$queryRaw<AccountControlRow[]>`
    SELECT p.control_id AS "controlId", c.title, c.severity, ${domainOn('p.control_id', input.day)} AS domain, p.status,
      p.failed_resources AS "failedResources", ${dayText('p.status_since')} AS "statusSince"
    FROM pair_state p
    JOIN control c ON c.id = p.control_id
    WHERE p.account_id = ${input.accountId} AND p.region = ${ALL_REGIONS}
      AND p.from_day <= ${input.day}::date AND (p.to_day IS NULL OR p.to_day > ${input.day}::date)
    ORDER BY p.control_id`;
}
