import type { AsffFinding } from './asff.ts';
import { renderFinding } from './asff.ts';
import type { RuleCompliance } from './config-model.ts';
import { evaluationsOf, ruleArn, ruleCompliance } from './config-model.ts';
import { COMPLIANCE, Flag, Kind, RECORD, WORKFLOW } from './store.ts';
import type { SimOrg, World } from './world.ts';

/** A finding in brief: enough to count per account, region, product and status without rendering ASFF. */
export interface FindingRecord {
  readonly id: string;
  readonly accountId: string;
  /** The finding's home region (its `Region`, or the region of its `ProductArn` when it has none). */
  readonly region: string;
  readonly hasRegionField: boolean;
  readonly product: 'securityhub' | 'guardduty' | 'inspector';
  /** `consolidated` (Compliance.SecurityControlId), `fsbp` (ProductFields.ControlId), `cis-1.2.0` (RuleId). */
  readonly format: 'consolidated' | 'fsbp' | 'cis-1.2.0' | null;
  /** Control id (`IAM.1`), or the CIS 1.2.0 rule id (`2.7`) for `cis-1.2.0`; null for other products. */
  readonly controlId: string | null;
  readonly complianceStatus: string | null;
  readonly workflowStatus: string;
  readonly recordState: string;
  readonly updatedAt: string;
}

export interface ConfigRuleState {
  readonly accountId: string;
  readonly region: string;
  readonly configRuleName: string;
  readonly configRuleArn: string;
  readonly sourceIdentifier: string;
  readonly createdBy: string | null;
  readonly compliance: RuleCompliance;
  readonly evaluations: ReadonlyArray<{ resourceType: string; resourceId: string; complianceType: string; resultRecordedTime: string }>;
}

export interface StateSummary {
  readonly day: string;
  readonly now: string;
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly findings: {
    readonly returned: number;
    readonly removed: number;
    readonly byRecordState: Readonly<Record<string, number>>;
    readonly byProduct: Readonly<Record<string, number>>;
    readonly byComplianceStatus: Readonly<Record<string, number>>;
  };
  readonly configRules: number;
}

/** Ground truth for tests: the whole current state, read without going through the wire. */
export interface SimState {
  readonly day: string;
  readonly now: string;
  readonly org: SimOrg;
  /** Findings GetFindings can return (removed ones excluded), ARCHIVED included. */
  readonly findingCount: number;
  findings(filter?: { accountId?: string; region?: string }): AsffFinding[];
  findingRecords(): FindingRecord[];
  configRules(): ConfigRuleState[];
  summary(): StateSummary;
}

const PRODUCTS = ['securityhub', 'securityhub', 'securityhub', 'guardduty', 'inspector'] as const;
const FORMATS = ['consolidated', 'fsbp', 'cis-1.2.0', null, null] as const;

export function viewState(world: World): SimState {
  const s = world.store;
  const live = (): number[] => {
    const out: number[] = [];
    for (let i = 0; i < s.size; i++) if (!s.isRemoved(i)) out.push(i);
    return out;
  };
  const iso = (ms: number): string => new Date(ms).toISOString();
  const state: SimState = {
    day: world.clock.day,
    now: world.clock.now().toISOString(),
    org: world.org,
    findingCount: live().length,
    findings(filter) {
      const a = filter?.accountId === undefined ? undefined : world.accountByIdIndex(filter.accountId);
      const r = filter?.region === undefined ? undefined : world.regionIndex(filter.region);
      if ((filter?.accountId !== undefined && a === undefined) || r === -1) return [];
      return live()
        .filter((i) => (a === undefined || s.account[i] === a) && (r === undefined || s.region[i] === r))
        .map((i) => renderFinding(world, i));
    },
    findingRecords() {
      return live().map((i) => {
        const kind = s.kind[i] ?? 0;
        return {
          id: world.findingId(i),
          accountId: world.account(s.account[i] ?? 0).id,
          region: world.regionName(s.region[i] ?? 0),
          hasRegionField: ((s.flags[i] ?? 0) & Flag.NO_REGION) === 0,
          product: PRODUCTS[kind] ?? 'securityhub',
          format: FORMATS[kind] ?? null,
          controlId: kind <= Kind.CIS_LEGACY ? world.subjectOf(i) : null,
          complianceStatus: (s.compliance[i] ?? 0) === 0 ? null : (COMPLIANCE[s.compliance[i] ?? 0] ?? null),
          workflowStatus: WORKFLOW[s.workflow[i] ?? 0] ?? 'NEW',
          recordState: RECORD[s.record[i] ?? 0] ?? 'ACTIVE',
          updatedAt: iso(s.updatedAt[i] ?? 0),
        };
      });
    },
    configRules() {
      return world.configRules.flatMap((list) =>
        (list ?? []).map((rule) => {
          const evals = evaluationsOf(world, rule);
          return {
            accountId: world.account(rule.account).id,
            region: world.regionName(rule.region),
            configRuleName: rule.name,
            configRuleArn: ruleArn(world, rule),
            sourceIdentifier: rule.sourceIdentifier,
            createdBy: rule.createdBy,
            compliance: ruleCompliance(evals).type,
            evaluations: evals.map((e) => ({
              resourceType: e.resourceType,
              resourceId: e.resourceId,
              complianceType: e.compliance,
              resultRecordedTime: iso(e.recordedAt),
            })),
          };
        }),
      );
    },
    summary() {
      const count = (m: Record<string, number>, k: string): void => {
        m[k] = (m[k] ?? 0) + 1;
      };
      const byRecordState: Record<string, number> = {};
      const byProduct: Record<string, number> = {};
      const byComplianceStatus: Record<string, number> = {};
      let removed = 0;
      for (let i = 0; i < s.size; i++) {
        if (s.isRemoved(i)) {
          removed++;
          continue;
        }
        count(byRecordState, RECORD[s.record[i] ?? 0] ?? 'ACTIVE');
        count(byProduct, PRODUCTS[s.kind[i] ?? 0] ?? 'securityhub');
        if ((s.compliance[i] ?? 0) > 0) count(byComplianceStatus, COMPLIANCE[s.compliance[i] ?? 0] ?? '');
      }
      return {
        day: state.day,
        now: state.now,
        accounts: world.org.accounts.length,
        regions: world.org.regions,
        findings: { returned: s.size - removed, removed, byRecordState, byProduct, byComplianceStatus },
        configRules: world.configRules.reduce((n, l) => n + (l?.length ?? 0), 0),
      };
    },
  };
  return state;
}
