import { Prisma } from '../generated/prisma/client.ts';
import { ALL_REGIONS } from '../vocabulary.ts';
import { countColumns, dayText, recordedDayOnOrBefore, type AggregateRow, type ReadDb } from './sql.ts';

export type OrgTotals = {
  /** R(D): the recorded day whose state D shows; null before the first recorded day. */
  recordedDay: string | null;
  rows: AggregateRow[];
};

/**
 * Organisation totals on `day` for one region ('*' = all) and optionally one source: the org_day rows of
 * R(D), through the primary key (region, day, source, domain). At most 12 rows.
 */
export async function orgTotalsOn(
  db: ReadDb,
  input: { day: string; region?: string; source?: string | undefined },
): Promise<OrgTotals> {
  const region = input.region ?? ALL_REGIONS;
  const source = input.source === undefined ? Prisma.empty : Prisma.sql`AND o.source = ${input.source}`;
  const rows = await db.$queryRaw<(Partial<AggregateRow> & { recordedDay: string | null })[]>`
    WITH r AS (SELECT ${recordedDayOnOrBefore(input.day)} AS day)
    SELECT ${dayText('r.day')} AS "recordedDay", o.source, o.domain, ${countColumns('o')}
    FROM r LEFT JOIN org_day o ON o.region = ${region} AND o.day = r.day ${source}`;
  const recordedDay = rows[0]?.recordedDay ?? null;
  return { recordedDay, rows: rows.filter((r): r is AggregateRow & { recordedDay: string } => r.source != null) };
}

/** Pair counts of one day and domain, sources summed. */
export type DayDomainCounts = { day: string; domain: string; passed: number; failed: number; unknown: number; noData: number };

export type OrgTrend = {
  /** Recorded days from R(from) to `to`, ascending: the days whose state the range shows. */
  recordedDays: string[];
  rows: DayDomainCounts[];
};

/**
 * Organisation counts per recorded day from R(from) to `to` (all regions), sources summed: a range of the
 * org_day primary key `region = '*' AND day BETWEEN`. The caller carries each recorded day forward.
 */
export async function orgTrend(db: ReadDb, input: { from: string; to: string }): Promise<OrgTrend> {
  const days = await db.$queryRaw<{ day: string }[]>`
    SELECT ${dayText('day')} AS day FROM recorded_day
    WHERE day >= coalesce(${recordedDayOnOrBefore(input.from)}, ${input.from}::date) AND day <= ${input.to}::date
    ORDER BY day`;
  const first = days[0]?.day;
  if (first === undefined) return { recordedDays: [], rows: [] };
  const rows = await db.$queryRaw<DayDomainCounts[]>`
    SELECT ${dayText('day')} AS day, domain, sum(passed)::int AS passed, sum(failed)::int AS failed,
      sum(unknown)::int AS unknown, sum(no_data)::int AS "noData"
    FROM org_day WHERE region = ${ALL_REGIONS} AND day >= ${first}::date AND day <= ${input.to}::date
    GROUP BY day, domain ORDER BY day, domain`;
  return { recordedDays: days.map((d) => d.day), rows };
}
