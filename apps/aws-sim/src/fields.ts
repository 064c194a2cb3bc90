import { renderFinding } from './asff.ts';
import { CIS_120_RULESET, CIS_BY_CONTROL, FSBP_STANDARD } from './catalog.ts';
import { lastObservedAt, severityLabel, severityNormalized } from './facts.ts';
import type { FieldTable, FieldValue } from './filters.ts';
import { COMPLIANCE, Flag, Kind, RECORD, WORKFLOW } from './store.ts';
import type { World } from './world.ts';

const WORKFLOW_STATE: Readonly<Record<string, string>> = { NEW: 'NEW', NOTIFIED: 'ASSIGNED', SUPPRESSED: 'DEFERRED', RESOLVED: 'RESOLVED' };

/**
 * The GetFindings filter and sort fields over the compact store. Frequent fields read the columns directly;
 * rare ones (Title, Type, ProductFields...) render the finding.
 */
export function findingFields(world: World): FieldTable<number> {
  const s = world.store;
  const rendered = (i: number, key: string): FieldValue => {
    const v = renderFinding(world, i)[key];
    if (typeof v === 'string') return v;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  };
  const string: Record<string, (i: number) => FieldValue> = {
    Id: (i) => world.findingId(i),
    ProductArn: (i) => world.productArn(i),
    ProductName: (i) => world.product(i).name,
    CompanyName: (i) => world.product(i).company,
    AwsAccountId: (i) => world.account(s.account[i] ?? 0).id,
    Region: (i) => (((s.flags[i] ?? 0) & Flag.NO_REGION) !== 0 ? undefined : world.regionName(s.region[i] ?? 0)),
    GeneratorId: (i) => rendered(i, 'GeneratorId'),
    Type: (i) => rendered(i, 'Types'),
    Title: (i) => rendered(i, 'Title'),
    Description: (i) => rendered(i, 'Description'),
    SeverityLabel: (i) => severityLabel(world, i),
    RecordState: (i) => RECORD[s.record[i] ?? 0],
    WorkflowStatus: (i) => WORKFLOW[s.workflow[i] ?? 0],
    WorkflowState: (i) => WORKFLOW_STATE[WORKFLOW[s.workflow[i] ?? 0] ?? 'NEW'],
    ComplianceStatus: (i) => ((s.compliance[i] ?? 0) === 0 ? undefined : COMPLIANCE[s.compliance[i] ?? 0]),
    ComplianceSecurityControlId: (i) => (s.kind[i] === Kind.CONTROL ? world.controlOf(i)?.id : undefined),
    ComplianceAssociatedStandardsId: (i) => {
      if (s.kind[i] !== Kind.CONTROL) return undefined;
      return CIS_BY_CONTROL.has(s.control[i] ?? 0) ? [CIS_120_RULESET, FSBP_STANDARD] : [FSBP_STANDARD];
    },
    ResourceType: (i) => world.resourceOf(i).type,
    ResourceId: (i) => world.resourceOf(i).id,
    ResourcePartition: () => 'aws',
    ResourceRegion: (i) => world.regionName(s.region[i] ?? 0),
  };
  return {
    string,
    date: {
      CreatedAt: (i) => s.createdAt[i],
      FirstObservedAt: (i) => s.createdAt[i],
      UpdatedAt: (i) => s.updatedAt[i],
      LastObservedAt: (i) => lastObservedAt(world, i),
      ProcessedAt: (i) => (s.updatedAt[i] ?? 0) + 20_000,
    },
    number: {
      SeverityNormalized: (i) => severityNormalized(world, i),
    },
    map: {
      ProductFields: (i) => renderFinding(world, i).ProductFields as Record<string, string>,
    },
  };
}
