import { ACCOUNT_DAY, applyIntervals, FINDING_STATE, PAIR_STATE } from './intervals.ts';
import type { Sql } from './sql.ts';

/** The domain of each control in force on the day being recorded ('' or null = unmapped). */
export type ControlDomain = { controlId: string; domain: string | null };

export type RecordDayResult = { day: string; next: string | null; pairs: number; accounts: number };

const IN_FORCE = (alias: string, day: string) =>
  `${alias}.from_day <= ${day} AND (${alias}.to_day IS NULL OR ${alias}.to_day > ${day})`;

/**
 * Records the state of `day` (SCORING.md "Time", docs/architecture.md "Recording a day"), in the caller's
 * transaction: pair statuses per region and combined, findings' states, per-account aggregates as change
 * intervals, and the organisation and control totals of the day. Everything is recomputed from the stored
 * findings and Config results, so an account or region whose pull failed keeps its state (its rows did not
 * change) and carry-forward needs no special case.
 */
export async function recordDay(sql: Sql, input: { syncRunId: string; day: string; domains: readonly ControlDomain[] }): Promise<RecordDayResult> {
  const { syncRunId, day } = input;
  const D = '$1::date';
  await sql.query(`SET LOCAL work_mem = '64MB'`);
  const nextRow = await sql.query<{ next: string | null }>(
    `SELECT to_char(min(day), 'YYYY-MM-DD') AS next FROM recorded_day WHERE day > $1::date`,
    [day],
  );
  const next = nextRow.rows[0]?.next ?? null;

  await sql.query(`CREATE TEMP TABLE eff_domain (control_id text PRIMARY KEY, domain text NOT NULL) ON COMMIT DROP`);
  await sql.query(
    `INSERT INTO eff_domain SELECT control_id, coalesce(domain, '') FROM jsonb_to_recordset($1::jsonb) AS x(control_id text, domain text)`,
    [JSON.stringify(input.domains.map((d) => ({ control_id: d.controlId, domain: d.domain })))],
  );

  // 1. Pair status per region (SCORING.md "The status of a pair"), then combined over regions.
  await sql.query(
    `CREATE TEMP TABLE pair_calc ON COMMIT DROP AS
     SELECT account_id, region, control_id,
       CASE WHEN bool_or(counts_for_score AND compliance_status = 'FAILED') THEN 'FAILED'
            WHEN bool_or(counts_for_score AND compliance_status IS DISTINCT FROM 'PASSED') THEN 'UNKNOWN'
            WHEN bool_or(counts_for_score) THEN 'PASSED' ELSE 'NO_DATA' END AS status,
       (count(*) FILTER (WHERE counts_for_score AND compliance_status = 'FAILED'))::int AS failed_resources
     FROM finding WHERE is_control_check GROUP BY account_id, region, control_id
     UNION ALL
     SELECT c.account_id, c.region, 'config:' || c.rule_name,
       CASE c.compliance WHEN 'NON_COMPLIANT' THEN 'FAILED' WHEN 'COMPLIANT' THEN 'PASSED' ELSE 'NO_DATA' END,
       coalesce(e.n, 0)
     FROM config_rule_compliance c
     LEFT JOIN (SELECT account_id, region, rule_name, count(*)::int AS n FROM config_evaluation
                WHERE compliance = 'NON_COMPLIANT' GROUP BY 1, 2, 3) e USING (account_id, region, rule_name)
     WHERE c.rule_name NOT LIKE 'securityhub-%'`,
  );
  await sql.query(
    `INSERT INTO pair_calc
     SELECT account_id, '*', control_id,
       (ARRAY['NO_DATA', 'PASSED', 'UNKNOWN', 'FAILED'])[max(CASE status WHEN 'FAILED' THEN 4 WHEN 'UNKNOWN' THEN 3 WHEN 'PASSED' THEN 2 ELSE 1 END)],
       sum(failed_resources)::int
     FROM pair_calc GROUP BY account_id, control_id`,
  );
  // A pair whose evidence vanished (a deleted Config rule) has no data any more: it does not silently end.
  await sql.query(
    `INSERT INTO pair_calc
     SELECT p.account_id, p.region, p.control_id, 'NO_DATA', 0 FROM pair_state p
     WHERE ${IN_FORCE('p', D)} AND p.status <> 'NO_DATA'
       AND NOT EXISTS (SELECT 1 FROM pair_calc n WHERE n.account_id = p.account_id AND n.region = p.region AND n.control_id = p.control_id)`,
    [day],
  );
  await sql.query(`CREATE INDEX ON pair_calc (account_id, region, control_id)`);
  await sql.query(`ANALYZE pair_calc`);
  // "Failing since": the start of the current run of the same status, carried from the day before.
  await sql.query(
    `CREATE TEMP TABLE pair_new ON COMMIT DROP AS
     SELECT n.account_id, n.region, n.control_id, n.status, n.failed_resources,
       CASE WHEN p.status = n.status THEN p.status_since ELSE ${D} END AS status_since
     FROM pair_calc n
     LEFT JOIN pair_state p ON p.account_id = n.account_id AND p.region = n.region AND p.control_id = n.control_id
       AND ${IN_FORCE('p', `(${D} - 1)`)}`,
    [day],
  );
  await applyIntervals(sql, PAIR_STATE, 'pair_new', day, next);
  if (next !== null) {
    // An earlier day recorded: the rows after it of the pairs it changed may now continue its run of the same
    // status (the run starts earlier) or follow a different status (the run starts on their own day), so their
    // "failing since" is recomputed. Rows that start on `day` are right already (from the day before).
    await sql.query(
      `WITH k AS (SELECT account_id, region, control_id FROM pair_state WHERE from_day = ${D}),
       r AS (
         SELECT p.account_id, p.region, p.control_id, p.from_day, p.status_since,
           CASE WHEN lag(p.status) OVER w IS NOT DISTINCT FROM p.status THEN 0 ELSE 1 END AS starts
         FROM pair_state p JOIN k USING (account_id, region, control_id)
         WHERE p.from_day >= ${D}
         WINDOW w AS (PARTITION BY p.account_id, p.region, p.control_id ORDER BY p.from_day)
       ),
       g AS (SELECT *, sum(starts) OVER (PARTITION BY account_id, region, control_id ORDER BY from_day) AS run FROM r),
       s AS (
         SELECT account_id, region, control_id, from_day,
           first_value(CASE WHEN from_day = ${D} THEN status_since ELSE from_day END)
             OVER (PARTITION BY account_id, region, control_id, run ORDER BY from_day) AS since
         FROM g
       )
       UPDATE pair_state p SET status_since = s.since FROM s
       WHERE p.account_id = s.account_id AND p.region = s.region AND p.control_id = s.control_id
         AND p.from_day = s.from_day AND p.from_day > ${D} AND p.status_since IS DISTINCT FROM s.since`,
      [day],
    );
  }

  // 2. Per-account aggregates: pairs by status and open findings by severity, per region / source / domain.
  await sql.query(
    `CREATE TEMP TABLE acct_new ON COMMIT DROP AS
     WITH pairs AS (
       SELECT p.account_id, p.region, c.source, coalesce(d.domain, '') AS domain,
         count(*) FILTER (WHERE p.status = 'PASSED')::int AS passed,
         count(*) FILTER (WHERE p.status = 'FAILED')::int AS failed,
         count(*) FILTER (WHERE p.status = 'UNKNOWN')::int AS unknown,
         count(*) FILTER (WHERE p.status = 'NO_DATA')::int AS no_data
       FROM pair_state p JOIN control c ON c.id = p.control_id LEFT JOIN eff_domain d ON d.control_id = p.control_id
       WHERE ${IN_FORCE('p', D)}
       GROUP BY 1, 2, 3, 4
     ), open AS (
       SELECT f.account_id, r.region, 'securityhub'::text AS source,
         coalesce(CASE WHEN f.control_id IS NOT NULL THEN d.domain ELSE f.domain END, '') AS domain,
         count(*) FILTER (WHERE f.severity_label = 'CRITICAL')::int AS open_critical,
         count(*) FILTER (WHERE f.severity_label = 'HIGH')::int AS open_high,
         count(*) FILTER (WHERE f.severity_label = 'MEDIUM')::int AS open_medium,
         count(*) FILTER (WHERE f.severity_label = 'LOW')::int AS open_low,
         count(*) FILTER (WHERE f.severity_label = 'INFORMATIONAL')::int AS open_informational
       FROM finding f LEFT JOIN eff_domain d ON d.control_id = f.control_id
       CROSS JOIN LATERAL (VALUES (f.region), ('*')) AS r(region)
       WHERE f.is_open
       GROUP BY 1, 2, 3, 4
     )
     SELECT account_id, region, source, domain,
       coalesce(p.passed, 0) AS passed, coalesce(p.failed, 0) AS failed, coalesce(p.unknown, 0) AS unknown,
       coalesce(p.no_data, 0) AS no_data, coalesce(o.open_critical, 0) AS open_critical, coalesce(o.open_high, 0) AS open_high,
       coalesce(o.open_medium, 0) AS open_medium, coalesce(o.open_low, 0) AS open_low,
       coalesce(o.open_informational, 0) AS open_informational
     FROM pairs p FULL JOIN open o USING (account_id, region, source, domain)`,
    [day],
  );
  // Keys that had counts and have none now (a domain emptied by an override, findings all closed): zeros.
  await sql.query(
    `INSERT INTO acct_new
     SELECT a.account_id, a.region, a.source, a.domain, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM account_day a
     WHERE ${IN_FORCE('a', D)}
       AND (a.passed, a.failed, a.unknown, a.no_data, a.open_critical, a.open_high, a.open_medium, a.open_low, a.open_informational)
           IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
       AND NOT EXISTS (SELECT 1 FROM acct_new n WHERE n.account_id = a.account_id AND n.region = a.region
                       AND n.source = a.source AND n.domain = a.domain)`,
    [day],
  );
  await applyIntervals(sql, ACCOUNT_DAY, 'acct_new', day, next);

  // 3. Findings whose state this run changed (or found gone). A change of severity alone starts an interval too:
  // the weekly review shows each finding's severity as at the end of its week.
  await sql.query(
    `CREATE TEMP TABLE fstate_new ON COMMIT DROP AS
     SELECT id AS finding_id, is_open,
       CASE WHEN gone_at IS NOT NULL THEN 'gone'
            WHEN record_state = 'ARCHIVED' THEN 'archived'
            WHEN workflow_status = 'RESOLVED' THEN 'resolved'
            WHEN compliance_status = 'PASSED' THEN 'passed'
            WHEN workflow_status = 'SUPPRESSED' THEN 'suppressed'
            WHEN is_open THEN 'open' ELSE 'other' END AS state,
       compliance_status, workflow_status, severity_label
     FROM finding WHERE last_seen_sync_id = $1::uuid`,
    [syncRunId],
  );
  await applyIntervals(sql, FINDING_STATE, 'fstate_new', day, next);

  // 4. The day's organisation and control totals, from the rows in force on the day.
  await sql.query(`DELETE FROM org_day WHERE day = ${D}`, [day]);
  await sql.query(
    `INSERT INTO org_day (region, day, source, domain, passed, failed, unknown, no_data,
       open_critical, open_high, open_medium, open_low, open_informational)
     SELECT region, ${D}, source, domain, sum(passed), sum(failed), sum(unknown), sum(no_data),
       sum(open_critical), sum(open_high), sum(open_medium), sum(open_low), sum(open_informational)
     FROM account_day a WHERE ${IN_FORCE('a', D)}
     GROUP BY region, source, domain`,
    [day],
  );
  await sql.query(`DELETE FROM control_day WHERE day = ${D}`, [day]);
  await sql.query(
    `INSERT INTO control_day (day, control_id, domain, passed, failed, unknown, no_data)
     SELECT ${D}, p.control_id, coalesce(d.domain, ''),
       count(*) FILTER (WHERE p.status = 'PASSED'), count(*) FILTER (WHERE p.status = 'FAILED'),
       count(*) FILTER (WHERE p.status = 'UNKNOWN'), count(*) FILTER (WHERE p.status = 'NO_DATA')
     FROM pair_state p LEFT JOIN eff_domain d ON d.control_id = p.control_id
     WHERE p.region = '*' AND ${IN_FORCE('p', D)}
     GROUP BY p.control_id, d.domain`,
    [day],
  );
  await sql.query(
    `INSERT INTO recorded_day (day, sync_run_id) VALUES (${D}, $2::uuid)
     ON CONFLICT (day) DO UPDATE SET sync_run_id = EXCLUDED.sync_run_id, recorded_at = now()`,
    [day, syncRunId],
  );
  const counts = await sql.query<{ pairs: number; accounts: number }>(
    `SELECT (SELECT count(*) FROM pair_new)::int AS pairs, (SELECT count(DISTINCT account_id) FROM acct_new)::int AS accounts`,
  );
  return { day, next, pairs: counts.rows[0]?.pairs ?? 0, accounts: counts.rows[0]?.accounts ?? 0 };
}

/** Domain overrides in force on a day: the latest row per control with effective_from <= day. */
export async function overridesInForce(sql: Sql, day: string): Promise<{ controlId: string; domain: string | null; cleared: boolean }[]> {
  const { rows } = await sql.query<{ control_id: string; domain: string | null; cleared: boolean }>(
    `SELECT DISTINCT ON (control_id) control_id, domain, cleared FROM domain_override
     WHERE effective_from <= $1::date ORDER BY control_id, effective_from DESC, id DESC`,
    [day],
  );
  return rows.map((r) => ({ controlId: r.control_id, domain: r.domain, cleared: r.cleared }));
}

export async function controlsForMapping(sql: Sql): Promise<{ id: string; source: string; domain: string | null }[]> {
  const { rows } = await sql.query<{ id: string; source: string; domain: string | null }>(`SELECT id, source, domain FROM control`);
  return rows;
}
