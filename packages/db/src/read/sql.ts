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
 * The latest domain_override row of the control in `controlIdColumn` with effective_from <= day (index
 * (control_id, effective_from desc, id desc)), as a LATERAL subquery yielding `domain, cleared`: `cleared`
 * means back to the default mapping, `domain` null with `cleared` false means explicitly unmapped.
 */
export function overrideOn(controlIdColumn: string, day: string): Prisma.Sql {
  return Prisma.sql`(SELECT ov.domain, ov.cleared FROM domain_override ov
    WHERE ov.control_id = ${Prisma.raw(controlIdColumn)} AND ov.effective_from <= ${day}::date
    ORDER BY ov.effective_from DESC, ov.id DESC LIMIT 1)`;
}

/** A trailing `-conformance-pack-<id>` (SCORING.md "Domains"), as @pillar/domain's stripConformancePackSuffix. */
const CONFORMANCE_PACK_SUFFIX = '-conformance-pack-[A-Za-z0-9]+$';

/**
 * The catalog control a Config-rule control `c0` takes its domain from (SCORING.md "Domains"), as a LATERAL
 * subquery yielding `id`: the catalog control whose config_rule is the rule name without a conformance-pack
 * suffix, else the one named by the rule's managed SourceIdentifier (config_rule index on control_id). Where
 * several catalog controls share a rule, the lowest id (the worker takes the first in catalog order).
 */
function catalogControlOf(c0: string): Prisma.Sql {
  const c = Prisma.raw(c0);
  return Prisma.sql`(SELECT cat.id FROM control cat
    WHERE ${c}.source = 'config' AND cat.source = 'securityhub' AND cat.in_catalog
      AND cat.config_rule = coalesce(
        (SELECT named.config_rule FROM control named
         WHERE named.source = 'securityhub' AND named.in_catalog
           AND named.config_rule = regexp_replace(coalesce(${c}.config_rule, substr(${c}.id, 8)), ${CONFORMANCE_PACK_SUFFIX}, '')
         LIMIT 1),
        (SELECT lower(replace(cr.source_identifier, '_', '-')) FROM config_rule cr
         WHERE cr.control_id = ${c}.id AND cr.source_identifier IS NOT NULL ORDER BY cr.updated_at DESC LIMIT 1))
    ORDER BY cat.id LIMIT 1)`;
}

/**
 * The domain of control `c0` on `day` by the mapping rules, computed now: its own override in force (not
 * cleared), else for a Config-rule control the override in force of the catalog control it takes its domain
 * from (an explicit unmapping included), else its default (control.domain). The worker's finalisation applies
 * the same rules (apps/worker/src/jobs/finalise.ts) when it records a day.
 */
function mappedDomainOn(c0: string, day: string): Prisma.Sql {
  const c = Prisma.raw(c0);
  return Prisma.sql`(SELECT CASE WHEN NOT own.cleared THEN own.domain WHEN NOT inh.cleared THEN inh.domain ELSE ${c}.domain END
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL ${overrideOn(`${c0}.id`, day)} own ON true
    LEFT JOIN LATERAL ${catalogControlOf(c0)} par ON own.cleared IS DISTINCT FROM false
    LEFT JOIN LATERAL ${overrideOn('par.id', day)} inh ON true)`;
}

/**
 * The domain in force on `day` of the control named by `controlIdColumn` (null = unmapped, or no such control),
 * as a scalar subquery. Where the control was recorded on R(day) (a control_day row, primary key), the domain
 * that recording applied: overrides in force that day and a Config-rule control's inheritance from its catalog
 * control, exactly as the aggregates (account_day, org_day) and the organisation's controls view hold it, so an
 * override shows from the next recorded day on every page alike. Otherwise (nothing recorded yet, a control
 * first seen since) the same rules computed now (`mappedDomainOn`).
 */
export function domainOn(controlIdColumn: string, day: string): Prisma.Sql {
  return Prisma.sql`(SELECT CASE WHEN cd.control_id IS NOT NULL THEN nullif(cd.domain, '') ELSE ${mappedDomainOn('c0', day)} END
    FROM control c0
    LEFT JOIN control_day cd ON cd.day = ${recordedDayOnOrBefore(day)} AND cd.control_id = c0.id
    WHERE c0.id = ${Prisma.raw(controlIdColumn)})`;
}

/** The latest recorded day on or before `day` as a scalar subquery: R(D) in docs/architecture.md. */
export function recordedDayOnOrBefore(day: string): Prisma.Sql {
  return Prisma.sql`(SELECT max(rd.day) FROM recorded_day rd WHERE rd.day <= ${day}::date)`;
}
