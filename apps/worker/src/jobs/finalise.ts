import { claimFinalisation, controlsForMapping, finishRun, getRun, inTransaction, overridesInForce, recordDay, type ControlDomain, type Sql } from '@pillar/db';
import { configRuleNameOf, domainForControl, fsbpCatalog, managedIdentifierToRuleName, stripConformancePackSuffix, type DomainKey } from '@pillar/domain';
import type { JobContext } from '../context.ts';
import type { Payload } from '../queues.ts';

/**
 * Managed `SourceIdentifier` by Config rule name, where a read of the rules gave it (per-account reads; the
 * aggregator does not say): SCORING.md maps a renamed managed rule through it.
 */
async function readConfigRuleSources(sql: Sql): Promise<Map<string, string>> {
  const { rows } = await sql.query<{ name: string; source_identifier: string }>(
    `SELECT DISTINCT ON (name) name, source_identifier FROM config_rule
     WHERE source_identifier IS NOT NULL ORDER BY name, updated_at DESC`,
  );
  return new Map(rows.map((r) => [r.name, r.source_identifier]));
}

/**
 * Each control's domain on `day` (SCORING.md "Domains"): its own override in force that day (a domain, or
 * explicitly unmapped); else, for a Config-rule control, the domain in force of the catalog control it takes its
 * domain from, that control's override (a domain or an explicit unmapping) included; else the default mapping.
 * A cleared override is no override. The API computes the same for days not recorded yet
 * (packages/db/src/read/sql.ts `domainOn`).
 */
export async function domainsOn(sql: Sql, day: string): Promise<ControlDomain[]> {
  // One after the other: `sql` is one connection (inside the finalisation's transaction), which runs one query at a time.
  const controls = await controlsForMapping(sql);
  const overrides = await overridesInForce(sql, day);
  const configRuleSources = await readConfigRuleSources(sql);
  const inForce = new Map<string, DomainKey | null>();
  for (const o of overrides) if (!o.cleared) inForce.set(o.controlId, o.domain as DomainKey | null);
  const ctx = { catalog: fsbpCatalog };
  /** The override in force, else the default mapping of a catalog control (by-id rules, category). */
  const catalogDomain = (id: string): DomainKey | null => (inForce.has(id) ? (inForce.get(id) ?? null) : domainForControl(id, ctx));
  /** The catalog control a Config rule takes its domain from: by name (conformance-pack suffix removed), else by SourceIdentifier. */
  const catalogControlOf = (ruleName: string) => {
    const source = configRuleSources.get(ruleName);
    return (
      fsbpCatalog.byConfigRule(stripConformancePackSuffix(ruleName)) ??
      (source === undefined ? undefined : fsbpCatalog.byConfigRule(managedIdentifierToRuleName(source)))
    );
  };
  return controls.map((c) => {
    if (inForce.has(c.id)) return { controlId: c.id, domain: inForce.get(c.id) ?? null };
    const ruleName = c.source === 'config' ? configRuleNameOf(c.id) : null;
    if (ruleName !== null) {
      const parent = catalogControlOf(ruleName);
      return { controlId: c.id, domain: parent === undefined ? null : catalogDomain(parent.id) };
    }
    return { controlId: c.id, domain: fsbpCatalog.byId(c.id) ? domainForControl(c.id, ctx) : c.domain };
  });
}

export type FinaliseResult = { status: string; recorded: boolean };

/**
 * Records the run's day exactly once: the claim, the recording and the run's final status commit together, so
 * a crash leaves nothing half-recorded and the retry (or a concurrent finaliser) finds the claim or redoes it.
 */
export async function finaliseSync(ctx: Pick<JobContext, 'pool' | 'log'>, p: Payload<'sync.finalise'>): Promise<FinaliseResult> {
  const run = await getRun(ctx.pool, p.runId);
  if (!run || run.finalised_at) return { status: run?.status ?? 'missing', recorded: false };
  return inTransaction(ctx.pool, async (sql) => {
    if (!(await claimFinalisation(sql, p.runId))) return { status: run.status, recorded: false };
    const started = Date.now();
    const domains = await domainsOn(sql, run.as_of);
    const recorded = await recordDay(sql, { syncRunId: p.runId, day: run.as_of, domains });
    const status = await finishRun(sql, p.runId);
    ctx.log.info({ runId: p.runId, day: run.as_of, status, ms: Date.now() - started, pairs: recorded.pairs }, 'day recorded');
    return { status, recorded: true };
  });
}
