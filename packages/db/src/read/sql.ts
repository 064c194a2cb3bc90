import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

/** What the read queries need: the client or a transaction client (only `$queryRaw`). */
export type ReadDb = Pick<PrismaClient, '$queryRaw'>;

/** Pair counts by status and open findings by severity, as account_day and org_day hold them. */
export type CountRow = {
  passed: number;
  failed: number;
  unknown: number;
  noData: number;
  openCritical: number;
  openHigh: number;
  openMedium: number;
  openLow: number;
  openInformational: number;
};

/** A count row of one source and domain ('' = unmapped). */
export type AggregateRow = CountRow & { source: string; domain: string };

/** The count columns of account_day / org_day, as `CountRow` fields. */
export function countColumns(alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`${a}.passed, ${a}.failed, ${a}.unknown, ${a}.no_data AS "noData",
    ${a}.open_critical AS "openCritical", ${a}.open_high AS "openHigh", ${a}.open_medium AS "openMedium",
    ${a}.open_low AS "openLow", ${a}.open_informational AS "openInformational"`;
}

/** `YYYY-MM-DD` of a date column, whatever the session's DateStyle. */
export function dayText(column: string): Prisma.Sql {
  return Prisma.raw(`to_char(${column}, 'YYYY-MM-DD')`);
}

/**
 * The domain of control `c` in force on `day`: the latest domain_override with effective_from <= day
 * (index (control_id, effective_from desc, id desc)), `cleared` meaning back to control.domain; null = unmapped.
 * Needs `LEFT JOIN LATERAL ${overrideOn('c', day)} o ON true` in the same query.
 */
export function overrideOn(controlIdColumn: string, day: string): Prisma.Sql {
  return Prisma.sql`(SELECT ov.domain, ov.cleared FROM domain_override ov
    WHERE ov.control_id = ${Prisma.raw(controlIdColumn)} AND ov.effective_from <= ${day}::date
    ORDER BY ov.effective_from DESC, ov.id DESC LIMIT 1)`;
}

/** With `overrideOn` joined as `o` and the control as `c`: the domain in force. */
export const EFFECTIVE_DOMAIN = Prisma.sql`(CASE WHEN o.cleared IS NULL OR o.cleared THEN c.domain ELSE o.domain END)`;

/** The latest recorded day on or before `day` as a scalar subquery: R(D) in docs/architecture.md. */
export function recordedDayOnOrBefore(day: string): Prisma.Sql {
  return Prisma.sql`(SELECT max(rd.day) FROM recorded_day rd WHERE rd.day <= ${day}::date)`;
}
