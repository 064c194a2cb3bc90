import { ALL_REGIONS, CONTROL_SOURCES, DOMAIN_KEYS, UNMAPPED_DOMAIN } from '../vocabulary.ts';
import { countColumns, dayText, type AggregateRow, type CountRow, type ReadDb } from './sql.ts';

const AGGREGATE_DOMAINS: string[] = [UNMAPPED_DOMAIN, ...DOMAIN_KEYS];

/**
 * One account's rows in force on `day` for a region and optionally one source: per key (source, domain) the
 * latest row with from_day <= D, kept when to_day is null or > D. One primary-key probe per key (<= 12).
 */
export async function accountTotalsOn(
  db: ReadDb,
  input: { accountId: string; day: string; region?: string; source?: string | undefined },
): Promise<AggregateRow[]> {
  const sources: string[] = input.source === undefined ? [...CONTROL_SOURCES] : [input.source];
  const region = input.region ?? ALL_REGIONS;
  return db.$queryRaw<AggregateRow[]>`
    SELECT ad.source, ad.domain, ${countColumns('ad')}
    FROM unnest(${sources}::text[]) AS k(source)
    CROSS JOIN unnest(${AGGREGATE_DOMAINS}::text[]) AS d(domain)
    CROSS JOIN LATERAL (
      SELECT * FROM account_day x
      WHERE x.account_id = ${input.accountId} AND x.region = ${region} AND x.source = k.source AND x.domain = d.domain
        AND x.from_day <= ${input.day}::date
      ORDER BY x.from_day DESC LIMIT 1
    ) AS ad
    WHERE ad.to_day IS NULL OR ad.to_day > ${input.day}::date`;
}

/** Counts of one account and domain on a day (sources summed), with the account's name. */
export type AccountDomainRow = CountRow & { accountId: string; name: string; domain: string };

/**
 * Every account's rows in force on `day` (all regions), sources summed per domain: through the index
 * (region, to_day), as `to_day IS NULL` (the current rows) plus `to_day > D` (rows closed since D), each
 * with from_day <= D. Accounts with no row in force on D are not listed.
 */
export async function accountsOn(db: ReadDb, input: { day: string }): Promise<AccountDomainRow[]> {
  return db.$queryRaw<AccountDomainRow[]>`
    SELECT x.account_id AS "accountId", a.name, x.domain,
      sum(x.passed)::int AS passed, sum(x.failed)::int AS failed, sum(x.unknown)::int AS unknown,
      sum(x.no_data)::int AS "noData", sum(x.open_critical)::int AS "openCritical", sum(x.open_high)::int AS "openHigh",
      sum(x.open_medium)::int AS "openMedium", sum(x.open_low)::int AS "openLow",
      sum(x.open_informational)::int AS "openInformational"
    FROM (
      SELECT * FROM account_day WHERE region = ${ALL_REGIONS} AND to_day IS NULL AND from_day <= ${input.day}::date
      UNION ALL
      SELECT * FROM account_day WHERE region = ${ALL_REGIONS} AND to_day > ${input.day}::date AND from_day <= ${input.day}::date
    ) AS x
    JOIN account a ON a.id = x.account_id
    GROUP BY x.account_id, a.name, x.domain
    ORDER BY x.account_id, x.domain`;
}

/** An account_day interval [fromDay, toDay) of one source and domain; toDay null = current. */
export type AccountInterval = {
  source: string;
  domain: string;
  fromDay: string;
  toDay: string | null;
  passed: number;
  failed: number;
  unknown: number;
  noData: number;
};

/**
 * One account's all-region intervals overlapping [from, to]: a primary-key range (account_id, '*'), which
 * the caller expands to days (carry-forward is in the intervals).
 */
export async function accountTrend(db: ReadDb, input: { accountId: string; from: string; to: string }): Promise<AccountInterval[]> {
  return db.$queryRaw<AccountInterval[]>`
    SELECT source, domain, ${dayText('from_day')} AS "fromDay", ${dayText('to_day')} AS "toDay",
      passed, failed, unknown, no_data AS "noData"
    FROM account_day
    WHERE account_id = ${input.accountId} AND region = ${ALL_REGIONS}
      AND from_day <= ${input.to}::date AND (to_day IS NULL OR to_day > ${input.from}::date)
    ORDER BY from_day`;
}

/** The account's name, or null when the account is unknown (primary key). */
export async function accountName(db: ReadDb, accountId: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ name: string }[]>`SELECT name FROM account WHERE id = ${accountId}`;
  return rows[0]?.name ?? null;
}
