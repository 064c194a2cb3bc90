import { isSecurityHubManagedRule, type RuleCompliance, type RuleEvaluation } from '@pillar/aws';
import {
  addParts,
  addProgress,
  ensureAccounts,
  inTransaction,
  pruneEvaluations,
  pruneRuleCompliance,
  upsertConfigRules,
  upsertControls,
  upsertEvaluations,
  upsertRuleCompliance,
  type Sql,
} from '@pillar/db';
import { configControlId } from '@pillar/domain';
import type { Job } from 'bullmq';
import type { JobContext } from '../context.ts';
import { controlFromConfigRule } from '../controls.ts';
import type { Payload } from '../queues.ts';
import { runPartStep } from './parts.ts';

/** Rules Security Hub created for its own controls are already counted as control findings (SCORING.md). */
const counted = (r: { ruleName: string }) => !isSecurityHubManagedRule(r.ruleName);

async function storeCompliance(sql: Sql, runId: string, rows: readonly RuleCompliance[], sources?: ReadonlyMap<string, string | null>) {
  await ensureAccounts(sql, rows.map((r) => r.accountId));
  const rules = [...new Set(rows.map((r) => r.ruleName))];
  await upsertControls(sql, rules.map((name) => controlFromConfigRule(name, sources?.get(name))), { refresh: false });
  await upsertRuleCompliance(sql, runId, rows);
}

async function storeEvaluations(pool: JobContext['pool'], runId: string, rows: readonly RuleEvaluation[]) {
  await upsertEvaluations(pool, runId, rows);
}

/**
 * Org-wide Config compliance from the aggregator: every rule x account x region in a few large pages, then the
 * failing resources only where a rule is NON_COMPLIANT, one part per account (details of every rule would cost
 * ~10^5 calls a sync at 1,000 accounts).
 */
export async function configAggregate(ctx: JobContext, job: Job, p: Payload<'config.aggregate'>): Promise<void> {
  const part = { source: 'config' as const, accountId: '*', region: p.region };
  await runPartStep(ctx, job, p.runId, part, true, async (finish) => {
    const failing = new Map<string, { ruleName: string; region: string }[]>();
    for await (const page of ctx.aws.aggregateCompliancePages(p.aggregator)) {
      const rows = page.filter(counted);
      await inTransaction(ctx.pool, (sql) => storeCompliance(sql, p.runId, rows));
      await addProgress(ctx.pool, p.runId, part, { items: page.length, evaluations: rows.length });
      for (const r of rows) {
        if (r.compliance !== 'NON_COMPLIANT') continue;
        const list = failing.get(r.accountId) ?? [];
        list.push({ ruleName: r.ruleName, region: r.region });
        failing.set(r.accountId, list);
      }
    }
    await pruneRuleCompliance(ctx.pool, p.runId, {});
    // Accounts with no failing rule any more keep no failing resources.
    await ctx.pool.query(
      `DELETE FROM config_evaluation WHERE NOT (account_id = ANY($1::text[]))`,
      [[...failing.keys()]],
    );
    const accounts = [...failing.keys()].sort();
    await addParts(ctx.pool, p.runId, accounts.map((accountId) => ({ source: 'config', accountId, region: '*' })));
    for (const accountId of accounts) {
      const rules = failing.get(accountId) ?? [];
      await ctx.enqueuePart(p.runId, { source: 'config', accountId, region: '*' }, 'config.details', { runId: p.runId, aggregator: p.aggregator, region: p.region, accountId, rules }, `${p.runId}.cfg.${accountId}`);
    }
    await finish();
  });
}

/** Evaluations written per statement when an account's details are stored. */
const EVALUATIONS_PER_STATEMENT = 1000;

/**
 * The failing resources of one account's NON_COMPLIANT rules, through the aggregator: read rule by rule, then
 * stored, pruned and counted in one transaction (one commit per account rather than two per page: at thousands
 * of accounts these jobs trailed the Security Hub pull, queued behind each other's commits on the run's row).
 */
export async function configDetails(ctx: JobContext, job: Job, p: Payload<'config.details'>): Promise<void> {
  const part = { source: 'config' as const, accountId: p.accountId, region: '*' };
  await runPartStep(ctx, job, p.runId, part, true, async (finish) => {
    const evaluations: RuleEvaluation[] = [];
    for (const rule of p.rules) {
      for await (const page of ctx.aws.aggregateDetailsPages({ aggregatorName: p.aggregator, ruleName: rule.ruleName, accountId: p.accountId, region: rule.region })) {
        evaluations.push(...page);
      }
    }
    await inTransaction(ctx.pool, async (sql) => {
      for (let i = 0; i < evaluations.length; i += EVALUATIONS_PER_STATEMENT) {
        await upsertEvaluations(sql, p.runId, evaluations.slice(i, i + EVALUATIONS_PER_STATEMENT));
      }
      await pruneEvaluations(sql, p.runId, { accountId: p.accountId });
      await addProgress(sql, p.runId, part, { items: evaluations.length, evaluations: evaluations.length });
    });
    await finish();
  });
}

/** Without an aggregator: this account's rules, their compliance and failing resources, in one region. */
export async function configRegion(ctx: JobContext, job: Job, p: Payload<'config.region'>): Promise<void> {
  const part = { source: 'config' as const, accountId: '*', region: p.region };
  await runPartStep(ctx, job, p.runId, part, true, async (finish) => {
    const identity = await ctx.aws.callerIdentity();
    const rules = (await ctx.aws.configRules(p.region)).filter(counted);
    const sources = new Map(rules.map((r) => [r.ruleName, r.sourceIdentifier ?? null]));
    const compliance = (await ctx.aws.complianceByRule(p.region)).filter(counted);
    await inTransaction(ctx.pool, async (sql) => {
      await ensureAccounts(sql, [identity.account]);
      await upsertControls(sql, rules.map((r) => controlFromConfigRule(r.ruleName, r.sourceIdentifier)), { refresh: false });
      await upsertConfigRules(
        sql,
        p.runId,
        rules.map((r) => ({
          accountId: identity.account,
          region: p.region,
          name: r.ruleName,
          arn: r.arn ?? `arn:aws:config:${p.region}:${identity.account}:config-rule/${r.ruleName}`,
          sourceIdentifier: r.sourceIdentifier ?? null,
          controlId: configControlId(r.ruleName),
        })),
      );
      await storeCompliance(sql, p.runId, compliance, sources);
    });
    let evaluations = 0;
    for (const rule of compliance.filter((c) => c.compliance === 'NON_COMPLIANT')) {
      for await (const page of ctx.aws.complianceDetails(p.region, rule.ruleName)) {
        const failing = page.filter((e) => e.compliance === 'NON_COMPLIANT');
        await storeEvaluations(ctx.pool, p.runId, failing);
        evaluations += page.length;
      }
    }
    await pruneRuleCompliance(ctx.pool, p.runId, { accountId: identity.account, region: p.region });
    await pruneEvaluations(ctx.pool, p.runId, { accountId: identity.account, region: p.region });
    await addProgress(ctx.pool, p.runId, part, { items: compliance.length + evaluations, evaluations: compliance.length + evaluations });
    await finish();
  });
}
