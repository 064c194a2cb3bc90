import type { Sql } from './sql.ts';

export type RuleComplianceRow = { accountId: string; region: string; ruleName: string; compliance: string };
export type EvaluationRow = {
  accountId: string;
  region: string;
  ruleName: string;
  resourceType: string;
  resourceId: string;
  compliance: string;
  resultRecordedAt: string | null;
};
export type ConfigRuleRow = { accountId: string; region: string; name: string; arn: string; sourceIdentifier: string | null; controlId: string | null };

/** One statement per page of rule compliance (rule x account x region). */
export async function upsertRuleCompliance(sql: Sql, syncRunId: string, rows: readonly RuleComplianceRow[]): Promise<void> {
  const unique = [...new Map(rows.map((r) => [`${r.accountId}|${r.region}|${r.ruleName}`, r])).values()];
  if (unique.length === 0) return;
  await sql.query(
    `INSERT INTO config_rule_compliance AS c (account_id, region, rule_name, compliance, first_seen_sync_id, last_seen_sync_id)
     SELECT account_id, region, rule_name, compliance, $2::uuid, $2::uuid
     FROM jsonb_to_recordset($1::jsonb) AS x(account_id text, region text, rule_name text, compliance text)
     ON CONFLICT (account_id, region, rule_name) DO UPDATE SET
       compliance = EXCLUDED.compliance, last_seen_sync_id = EXCLUDED.last_seen_sync_id,
       updated_at = CASE WHEN c.compliance = EXCLUDED.compliance THEN c.updated_at ELSE now() END`,
    [JSON.stringify(unique.map((r) => ({ account_id: r.accountId, region: r.region, rule_name: r.ruleName, compliance: r.compliance }))), syncRunId],
  );
}

/** Rules of a read scope that AWS no longer reports are removed (their pairs go NO_DATA when the day is recorded). */
export async function pruneRuleCompliance(sql: Sql, syncRunId: string, scope: { accountId?: string; region?: string }): Promise<number> {
  const { rowCount } = await sql.query(
    `DELETE FROM config_rule_compliance
     WHERE last_seen_sync_id <> $1::uuid AND ($2::text IS NULL OR account_id = $2) AND ($3::text IS NULL OR region = $3)`,
    [syncRunId, scope.accountId ?? null, scope.region ?? null],
  );
  return rowCount ?? 0;
}

export async function upsertEvaluations(sql: Sql, syncRunId: string, rows: readonly EvaluationRow[]): Promise<void> {
  const unique = [...new Map(rows.map((r) => [`${r.accountId}|${r.region}|${r.ruleName}|${r.resourceType}|${r.resourceId}`, r])).values()];
  if (unique.length === 0) return;
  await sql.query(
    `INSERT INTO config_evaluation (account_id, region, rule_name, resource_type, resource_id, compliance, result_recorded_at, last_seen_sync_id)
     SELECT account_id, region, rule_name, resource_type, resource_id, compliance, coalesce(result_recorded_at, now()), $2::uuid
     FROM jsonb_to_recordset($1::jsonb) AS x(account_id text, region text, rule_name text, resource_type text,
       resource_id text, compliance text, result_recorded_at timestamptz)
     ON CONFLICT (account_id, region, rule_name, resource_type, resource_id) DO UPDATE SET
       compliance = EXCLUDED.compliance, result_recorded_at = EXCLUDED.result_recorded_at,
       last_seen_sync_id = EXCLUDED.last_seen_sync_id`,
    [
      JSON.stringify(
        unique.map((r) => ({
          account_id: r.accountId,
          region: r.region,
          rule_name: r.ruleName,
          resource_type: r.resourceType,
          resource_id: r.resourceId,
          compliance: r.compliance,
          result_recorded_at: r.resultRecordedAt,
        })),
      ),
      syncRunId,
    ],
  );
}

/**
 * Evaluations of a rule in an account and region that this sync did not see again are stale (the resource was
 * fixed or deleted): removed once the rule's details were read completely.
 */
export async function pruneEvaluations(sql: Sql, syncRunId: string, scope: { accountId: string; region?: string; ruleName?: string }): Promise<number> {
  const { rowCount } = await sql.query(
    `DELETE FROM config_evaluation
     WHERE account_id = $2 AND last_seen_sync_id <> $1::uuid AND ($3::text IS NULL OR region = $3)
       AND ($4::text IS NULL OR rule_name = $4)`,
    [syncRunId, scope.accountId, scope.region ?? null, scope.ruleName ?? null],
  );
  return rowCount ?? 0;
}

export async function upsertConfigRules(sql: Sql, syncRunId: string, rows: readonly ConfigRuleRow[]): Promise<void> {
  const unique = [...new Map(rows.map((r) => [`${r.accountId}|${r.region}|${r.name}`, r])).values()];
  if (unique.length === 0) return;
  await sql.query(
    `INSERT INTO config_rule (account_id, region, name, arn, source_identifier, control_id, last_seen_sync_id)
     SELECT account_id, region, name, arn, source_identifier, control_id, $2::uuid
     FROM jsonb_to_recordset($1::jsonb) AS x(account_id text, region text, name text, arn text, source_identifier text, control_id text)
     ON CONFLICT (account_id, region, name) DO UPDATE SET arn = EXCLUDED.arn, source_identifier = EXCLUDED.source_identifier,
       control_id = EXCLUDED.control_id, last_seen_sync_id = EXCLUDED.last_seen_sync_id, updated_at = now()`,
    [
      JSON.stringify(
        unique.map((r) => ({ account_id: r.accountId, region: r.region, name: r.name, arn: r.arn, source_identifier: r.sourceIdentifier, control_id: r.controlId })),
      ),
      syncRunId,
    ],
  );
}
