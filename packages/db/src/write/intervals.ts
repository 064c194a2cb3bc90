import type { Sql } from './sql.ts';

/** A history table of half-open intervals [from_day, to_day) keyed by `keys`, holding `values`. */
export type IntervalTable = { table: string; keys: readonly string[]; values: readonly string[] };

export const PAIR_STATE: IntervalTable = {
  table: 'pair_state',
  keys: ['account_id', 'region', 'control_id'],
  values: ['status', 'failed_resources', 'status_since'],
};

export const ACCOUNT_DAY: IntervalTable = {
  table: 'account_day',
  keys: ['account_id', 'region', 'source', 'domain'],
  values: ['passed', 'failed', 'unknown', 'no_data', 'open_critical', 'open_high', 'open_medium', 'open_low', 'open_informational'],
};

export const FINDING_STATE: IntervalTable = {
  table: 'finding_state',
  keys: ['finding_id'],
  values: ['is_open', 'state', 'compliance_status', 'workflow_status', 'severity_label'],
};

/**
 * Writes the values of `source` (a table with the key and value columns) as the state of `day`, keeping every
 * other day's state as it was. `next` is the first recorded day after `day` (null when `day` is the latest):
 * the new values hold on [day, next), so recording an earlier day splits the interval around it and the days
 * after `next` keep what was recorded for them. A second recording of the same day updates in place.
 * Keys absent from `source` are left alone.
 */
export async function applyIntervals(sql: Sql, t: IntervalTable, source: string, day: string, next: string | null): Promise<void> {
  const k = t.keys;
  const v = t.values;
  const on = (a: string, b: string) => k.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');
  const list = (cols: readonly string[], prefix = '') => cols.map((c) => `${prefix}${c}`).join(', ');
  const work = `iv_${t.table}`;
  const D = '$1::date';
  const N = '$2::date';

  await sql.query(`DROP TABLE IF EXISTS ${work}`);
  await sql.query(
    `CREATE TEMP TABLE ${work} ON COMMIT DROP AS
     SELECT ${list(k, 'n.')}, ${list(v, 'n.')}, t.from_day AS cur_from, t.to_day AS cur_to, (t.from_day IS NOT NULL) AS has_cur,
            ${v.map((c) => `t.${c} AS old_${c}`).join(', ')}
     FROM ${source} n
     LEFT JOIN ${t.table} t ON ${on('t', 'n')} AND t.from_day <= ${D} AND (t.to_day IS NULL OR t.to_day > ${D})
     WHERE t.from_day IS NULL OR (${list(v, 't.')}) IS DISTINCT FROM (${list(v, 'n.')})`,
    [day],
  );
  // Same day recorded again: the day's value is its last sync's.
  await sql.query(
    `UPDATE ${t.table} t SET ${v.map((c) => `${c} = w.${c}`).join(', ')},
       to_day = CASE WHEN ${N} IS NOT NULL AND (t.to_day IS NULL OR t.to_day > ${N}) THEN ${N} ELSE t.to_day END
     FROM ${work} w WHERE w.has_cur AND w.cur_from = ${D} AND ${on('t', 'w')} AND t.from_day = ${D}`,
    [day, next],
  );
  // A change since an earlier day: close the running interval, open one from `day`.
  await sql.query(
    `UPDATE ${t.table} t SET to_day = ${D}
     FROM ${work} w WHERE w.has_cur AND w.cur_from < ${D} AND ${on('t', 'w')} AND t.from_day = w.cur_from`,
    [day],
  );
  await sql.query(
    `INSERT INTO ${t.table} (${list(k)}, ${list(v)}, from_day, to_day)
     SELECT ${list(k)}, ${list(v)}, ${D},
            CASE WHEN ${N} IS NULL THEN cur_to WHEN cur_to IS NULL THEN ${N} ELSE least(${N}, cur_to) END
     FROM ${work} WHERE has_cur AND cur_from < ${D}`,
    [day, next],
  );
  // An earlier day recorded: from the next recorded day on, the old value holds again.
  await sql.query(
    `INSERT INTO ${t.table} (${list(k)}, ${list(v)}, from_day, to_day)
     SELECT ${list(k)}, ${list(v, 'old_')}, $1::date, cur_to
     FROM ${work} WHERE has_cur AND $1::date IS NOT NULL AND (cur_to IS NULL OR cur_to > $1::date)`,
    [next],
  );
  // Keys seen for the first time. No interval of theirs starts between `day` and `next` (rows start on recorded days).
  await sql.query(
    `INSERT INTO ${t.table} (${list(k)}, ${list(v)}, from_day, to_day)
     SELECT ${list(k)}, ${list(v)}, ${D}, ${N} FROM ${work} WHERE NOT has_cur`,
    [day, next],
  );
}
