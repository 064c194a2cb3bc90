import type { Sql } from './sql.ts';

/** A control as the worker learns it: from the catalog, a finding, or a Config rule. */
export type ControlRow = {
  id: string;
  source: 'securityhub' | 'config';
  title: string;
  severity: string | null;
  category: string | null;
  domain: string | null;
  configRule: string | null;
  remediationUrl: string | null;
  inCatalog: boolean;
};

/**
 * Creates the controls a batch names (findings and Config rows point at them). Catalog rows are refreshed;
 * a control first seen in a finding keeps what it was created with unless the catalog knows better.
 */
export async function upsertControls(sql: Sql, rows: readonly ControlRow[], opts: { refresh: boolean }): Promise<void> {
  if (rows.length === 0) return;
  // In key order: concurrent transactions creating the same new keys then wait for each other, never deadlock.
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await sql.query(
    `INSERT INTO control (id, source, title, severity, category, domain, config_rule, remediation_url, in_catalog)
     SELECT id, source, title, severity, category, domain, config_rule, remediation_url, in_catalog
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, source text, title text, severity text, category text,
       domain text, config_rule text, remediation_url text, in_catalog boolean)
     ON CONFLICT (id) DO ${
       opts.refresh
         ? `UPDATE SET title = EXCLUDED.title, severity = EXCLUDED.severity, category = EXCLUDED.category,
              domain = EXCLUDED.domain, config_rule = EXCLUDED.config_rule, remediation_url = EXCLUDED.remediation_url,
              in_catalog = EXCLUDED.in_catalog, updated_at = now()
            WHERE (control.title, control.severity, control.category, control.domain, control.config_rule,
                   control.remediation_url, control.in_catalog)
              IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.severity, EXCLUDED.category, EXCLUDED.domain,
                   EXCLUDED.config_rule, EXCLUDED.remediation_url, EXCLUDED.in_catalog)`
         : 'NOTHING'
     }`,
    [
      JSON.stringify(
        unique.map((r) => ({
          id: r.id,
          source: r.source,
          title: r.title,
          severity: r.severity,
          category: r.category,
          domain: r.domain,
          config_rule: r.configRule,
          remediation_url: r.remediationUrl,
          in_catalog: r.inCatalog,
        })),
      ),
    ],
  );
}

/** Creates accounts by id (named by their id until Organizations tells us better). */
export async function ensureAccounts(sql: Sql, ids: readonly string[]): Promise<void> {
  // Sorted, like upsertControls: concurrent pages creating the same new accounts must not deadlock.
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return;
  await sql.query(
    `INSERT INTO account (id, name) SELECT id, id FROM unnest($1::text[]) AS id ON CONFLICT (id) DO NOTHING`,
    [unique],
  );
}

/** Names from AWS Organizations; accounts it lists are created if new. */
export async function upsertAccountNames(sql: Sql, accounts: readonly { id: string; name: string }[]): Promise<void> {
  if (accounts.length === 0) return;
  await sql.query(
    `INSERT INTO account (id, name, name_source)
     SELECT id, name, 'organizations' FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_source = 'organizations', removed_at = NULL
     WHERE (account.name, account.name_source) IS DISTINCT FROM (EXCLUDED.name, 'organizations')
        OR account.removed_at IS NOT NULL`,
    // In id order, like ensureAccounts: the pages being stored meanwhile create accounts in that order too.
    [JSON.stringify(unique(accounts).map((a) => ({ id: a.id, name: a.name.slice(0, 256) })))],
  );
}

/** One row per account id (the last one listed), in id order. */
function unique(accounts: readonly { id: string; name: string }[]): { id: string; name: string }[] {
  return [...new Map(accounts.map((a) => [a.id, a])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
