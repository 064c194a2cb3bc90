import type { SimDomain } from './catalog.ts';
import { hashString, hexOf } from './prng.ts';
import { Compliance, Record_ } from './store.ts';
import type { World } from './world.ts';

export const EVAL_COMPLIANCE = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] as const;
export type EvalCompliance = (typeof EVAL_COMPLIANCE)[number];
export type RuleCompliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA';

/** An evaluation a rule keeps itself (rules that do not mirror a Security Hub control). */
export interface OwnEvaluation {
  readonly resourceType: string;
  readonly resourceId: string;
  /** Index into EVAL_COMPLIANCE. */
  compliance: 0 | 1 | 2;
  recordedAt: number;
}

/** Kept small (there is one per control per account and region): ids and ARNs are derived on demand. */
export interface SimConfigRule {
  readonly name: string;
  readonly account: number;
  readonly region: number;
  readonly sourceIdentifier: string;
  /** `securityhub.amazonaws.com` for rules Security Hub created, `config-conforms.amazonaws.com` for packs. */
  readonly createdBy: string | null;
  readonly description: string;
  readonly resourceTypes: readonly string[];
  readonly createdAt: number;
  readonly domain: SimDomain | null;
  /** Group key whose findings this rule's evaluations follow (a control evaluated by the same rule). */
  readonly mirror: number | null;
  readonly own: OwnEvaluation[];
}

export interface Evaluation {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly compliance: EvalCompliance;
  readonly recordedAt: number;
}

/** Config's view of a control finding: deleted resources have no evaluation; WARNING/NOT_AVAILABLE are N/A. */
export function evalOfFinding(world: World, i: number): EvalCompliance | null {
  const s = world.store;
  if (s.isRemoved(i) || s.record[i] !== Record_.ACTIVE) return null;
  const c = s.compliance[i];
  if (c === Compliance.PASSED) return 'COMPLIANT';
  if (c === Compliance.FAILED) return 'NON_COMPLIANT';
  return 'NOT_APPLICABLE';
}

export function ruleId(world: World, rule: SimConfigRule): string {
  return `config-rule-${hexOf(6, world.org.seed, rule.account, rule.region, hashString(rule.name))}`;
}

export function ruleArn(world: World, rule: SimConfigRule): string {
  return `arn:aws:config:${world.regionName(rule.region)}:${world.account(rule.account).id}:config-rule/${ruleId(world, rule)}`;
}

export function evaluationsOf(world: World, rule: SimConfigRule): Evaluation[] {
  if (rule.mirror === null) {
    return rule.own.map((e) => ({
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      compliance: EVAL_COMPLIANCE[e.compliance],
      recordedAt: e.recordedAt,
    }));
  }
  // Findings of one group have distinct slots, hence distinct resources.
  const out: Evaluation[] = [];
  for (const i of world.groups.get(rule.mirror) ?? []) {
    const compliance = evalOfFinding(world, i);
    if (!compliance) continue;
    const res = world.resourceOf(i);
    out.push({ resourceType: res.configType, resourceId: res.configId, compliance, recordedAt: world.store.updatedAt[i] ?? 0 });
  }
  return out;
}

/** The rule's compliance from the columns alone (no resource strings): what listing many rules needs. */
export function complianceOfRule(world: World, rule: SimConfigRule): { type: RuleCompliance; nonCompliant: number } {
  let nc = 0;
  let c = 0;
  if (rule.mirror === null) {
    for (const e of rule.own) {
      if (e.compliance === 1) nc++;
      else if (e.compliance === 0) c++;
    }
  } else {
    for (const i of world.groups.get(rule.mirror) ?? []) {
      const v = evalOfFinding(world, i);
      if (v === 'NON_COMPLIANT') nc++;
      else if (v === 'COMPLIANT') c++;
    }
  }
  if (nc > 0) return { type: 'NON_COMPLIANT', nonCompliant: nc };
  return { type: c > 0 ? 'COMPLIANT' : 'INSUFFICIENT_DATA', nonCompliant: 0 };
}

/** Any NON_COMPLIANT resource makes the rule NON_COMPLIANT; else any COMPLIANT; else INSUFFICIENT_DATA. */
export function ruleCompliance(evals: readonly Evaluation[]): { type: RuleCompliance; nonCompliant: number } {
  let nc = 0;
  let c = 0;
  for (const e of evals) {
    if (e.compliance === 'NON_COMPLIANT') nc++;
    else if (e.compliance === 'COMPLIANT') c++;
  }
  if (nc > 0) return { type: 'NON_COMPLIANT', nonCompliant: nc };
  return { type: c > 0 ? 'COMPLIANT' : 'INSUFFICIENT_DATA', nonCompliant: 0 };
}

/** The rule Security Hub creates in an account and region for a control: `securityhub-<rule>-<8 hex>`, at most 64 chars. */
export function securityHubRuleName(seed: number, account: number, region: number, control: number, configRule: string): string {
  const base = configRule.slice(0, 64 - 'securityhub-'.length - 9);
  return `securityhub-${base}-${hexOf(8, seed, account, region, control)}`;
}

/** `s3-bucket-versioning-enabled` -> `S3_BUCKET_VERSIONING_ENABLED` (the managed rule's SourceIdentifier). */
export function sourceIdentifierOf(ruleName: string): string {
  return ruleName.replace(/-/g, '_').toUpperCase();
}
