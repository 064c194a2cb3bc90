import { claimFinalisation, controlsForMapping, finishRun, getRun, inTransaction, overridesInForce, recordDay, type ControlDomain, type Sql } from '@pillar/db';
import { domainForControl, fsbpCatalog, type DomainKey } from '@pillar/domain';
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

/** Each control's domain on `day`: overrides in force that day, else the default mapping (SCORING.md). */
export async function domainsOn(sql: Sql, day: string): Promise<ControlDomain[]> {
  const [controls, overrides, configRuleSources] = await Promise.all([controlsForMapping(sql), overridesInForce(sql, day), readConfigRuleSources(sql)]);
  const explicit = new Map<string, DomainKey>();
  const unmapped = new Set<string>();
  for (const o of overrides) {
    if (o.cleared) continue;
    if (o.domain === null) unmapped.add(o.controlId);
    else explicit.set(o.controlId, o.domain as DomainKey);
  }
  const ctx = { catalog: fsbpCatalog, overrides: explicit, configRuleSources };
  return controls.map((c) => ({
    controlId: c.id,
    domain: unmapped.has(c.id) ? null : (explicit.get(c.id) ?? (fsbpCatalog.byId(c.id) || c.source === 'config' ? domainForControl(c.id, ctx) : c.domain)),
  }));
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
