import { z } from 'zod';
// The domain package is being written in parallel; the catalog JSON is its data file, read directly.
import catalogJson from '../../../packages/domain/src/catalog/fsbp-controls.json' with { type: 'json' };

export type SimDomain = 'iam' | 'detective' | 'infrastructure' | 'data-protection' | 'incident-response';
export const SIM_DOMAINS: readonly SimDomain[] = ['iam', 'detective', 'infrastructure', 'data-protection', 'incident-response'];

export type ControlSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

const entrySchema = z.object({
  id: z.string(),
  title: z.string(),
  severity: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
  category: z.string().nullable().optional(),
  configRule: z.string().nullable().optional(),
  configRuleKind: z.string().nullable().optional(),
  resourceType: z.string().nullable().optional(),
  status: z.string(),
});

export interface CatalogControl {
  readonly id: string;
  readonly title: string;
  readonly severity: ControlSeverity;
  readonly category: string;
  /** The AWS Config managed rule behind the control, when Security Hub evaluates it through Config. */
  readonly configRule: string | null;
  readonly resourceType: string;
  /** Domain used only to spread generated controls over the five domains and to steer stories. */
  readonly domain: SimDomain | null;
}

const DOMAIN_ROWS: ReadonlyArray<readonly [string, SimDomain | null]> = [
  ['protect secure access management', 'iam'],
  ['detect secure access management', 'iam'],
  ['protect secure development credentials not hard coded', 'iam'],
  ['identify logging', 'detective'],
  ['detect detection services', 'detective'],
  ['protect secure network configuration', 'infrastructure'],
  ['protect network security', 'infrastructure'],
  ['protect restricted network access', 'infrastructure'],
  ['protect protective services', 'infrastructure'],
  ['protect secure development', 'infrastructure'],
  ['identify vulnerability patch and version management', 'infrastructure'],
  ['detect vulnerability patch and version management', 'infrastructure'],
  ['protect data protection', 'data-protection'],
  ['data protection', 'data-protection'],
  ['recover resilience', 'incident-response'],
  ['respond', 'incident-response'],
  ['identify inventory', null],
  ['identify resource configuration', null],
];

function words(s: string): string[] {
  return s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/**
 * SCORING.md's category table (longest matching row wins). The product owns the real mapping; this copy
 * only decides which generated controls land in which domain, so a drift here cannot change a score.
 */
export function simDomainOf(id: string, category: string): SimDomain | null {
  if (id === 'Account.1') return 'incident-response';
  if (id === 'Config.1') return 'detective';
  const w = words(category);
  let best: { len: number; domain: SimDomain | null } | undefined;
  for (const [row, domain] of DOMAIN_ROWS) {
    const rw = row.split(' ');
    if (rw.length <= w.length && rw.every((x, i) => w[i] === x) && (!best || rw.length > best.len)) {
      best = { len: rw.length, domain };
    }
  }
  return best?.domain ?? null;
}

function load(): CatalogControl[] {
  const parsed = z.array(entrySchema).parse(catalogJson);
  const out: CatalogControl[] = [];
  for (const e of parsed) {
    // Generated accounts only run controls that exist today and that name what they evaluate.
    if (e.status !== 'current' || !e.category || !e.resourceType) continue;
    const managed = e.configRuleKind?.startsWith('AWS Config managed rule') ?? false;
    out.push({
      id: e.id,
      title: e.title,
      severity: e.severity,
      category: e.category,
      configRule: managed && e.configRule ? e.configRule : null,
      resourceType: e.resourceType,
      domain: simDomainOf(e.id, e.category),
    });
  }
  return out;
}

export const CONTROLS: readonly CatalogControl[] = load();

/** Every managed-rule name in the catalog (for picking Config rules that are, or are not, catalog rules). */
export const CATALOG_RULE_NAMES: ReadonlySet<string> = new Set(
  CONTROLS.map((c) => c.configRule).filter((r): r is string => r !== null),
);

/** CIS AWS Foundations Benchmark v1.2.0 rules that older, per-standard findings report, and their control. */
export interface CisRule {
  readonly ruleId: string;
  readonly controlId: string;
  readonly title: string;
}

const CIS_120: readonly CisRule[] = [
  { ruleId: '1.2', controlId: 'IAM.5', title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password' },
  { ruleId: '1.3', controlId: 'IAM.8', title: 'Ensure credentials unused for 90 days or greater are disabled' },
  { ruleId: '1.4', controlId: 'IAM.3', title: 'Ensure access keys are rotated every 90 days or less' },
  { ruleId: '1.12', controlId: 'IAM.4', title: 'Ensure no root account access key exists' },
  { ruleId: '1.14', controlId: 'IAM.6', title: 'Ensure hardware MFA is enabled for the "root" account' },
  { ruleId: '1.16', controlId: 'IAM.2', title: 'Ensure IAM policies are attached only to groups or roles' },
  { ruleId: '1.22', controlId: 'IAM.1', title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not created' },
  { ruleId: '2.1', controlId: 'CloudTrail.1', title: 'Ensure CloudTrail is enabled in all regions' },
  { ruleId: '2.2', controlId: 'CloudTrail.4', title: 'Ensure CloudTrail log file validation is enabled' },
  { ruleId: '2.4', controlId: 'CloudTrail.5', title: 'Ensure CloudTrail trails are integrated with CloudWatch Logs' },
  { ruleId: '2.5', controlId: 'Config.1', title: 'Ensure AWS Config is enabled' },
  { ruleId: '2.7', controlId: 'CloudTrail.2', title: 'Ensure CloudTrail logs are encrypted at rest using KMS CMKs' },
  { ruleId: '2.9', controlId: 'EC2.6', title: 'Ensure VPC flow logging is enabled in all VPCs' },
  { ruleId: '4.3', controlId: 'EC2.2', title: 'Ensure the default security group of every VPC restricts all traffic' },
];

const controlIds = new Set(CONTROLS.map((c) => c.id));
export const CIS_RULES: readonly CisRule[] = CIS_120.filter((r) => controlIds.has(r.controlId));

/** Catalog index of each control id, and the CIS rule (index into CIS_RULES) of each control, if any. */
export const CONTROL_INDEX: ReadonlyMap<string, number> = new Map(CONTROLS.map((c, i) => [c.id, i]));
export const CIS_BY_CONTROL: ReadonlyMap<number, number> = new Map(
  CIS_RULES.map((r, i) => [CONTROL_INDEX.get(r.controlId) ?? -1, i]),
);

export const FSBP_STANDARD = 'standards/aws-foundational-security-best-practices/v/1.0.0';
export const CIS_120_RULESET = 'ruleset/cis-aws-foundations-benchmark/v/1.2.0';
