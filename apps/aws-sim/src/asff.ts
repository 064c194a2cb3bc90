import { CIS_120_RULESET, CIS_BY_CONTROL, CIS_RULES, CONTROL_INDEX, FSBP_STANDARD } from './catalog.ts';
import { securityHubRuleName } from './config-model.ts';
import { lastObservedAt, severityLabel } from './facts.ts';
import { hexOf } from './prng.ts';
import { GUARDDUTY_TEMPLATES, INSPECTOR_TEMPLATES, NORMALIZED_OF_LABEL, labelOfNormalized } from './products.ts';
import { COMPLIANCE, Compliance, Flag, Kind, RECORD, WORKFLOW } from './store.ts';
import type { World } from './world.ts';

/** An ASFF finding as GetFindings returns it (JSON-ready; timestamps are ISO strings). */
export type AsffFinding = Record<string, unknown> & { Id: string; AwsAccountId: string; UpdatedAt: string };

const iso = (ms: number): string => new Date(ms).toISOString();

const WORKFLOW_STATE: Readonly<Record<string, string>> = { NEW: 'NEW', NOTIFIED: 'ASSIGNED', SUPPRESSED: 'DEFERRED', RESOLVED: 'RESOLVED' };

const STATUS_REASONS: Readonly<Record<number, { ReasonCode: string; Description: string }>> = {
  [Compliance.NOT_AVAILABLE]: {
    ReasonCode: 'CONFIG_EVALUATIONS_EMPTY',
    Description: 'AWS Config evaluated your resources against the rule. The rule did not apply to the AWS resources in its scope, the specified resources were deleted, or the evaluation results were deleted.',
  },
  [Compliance.WARNING]: {
    ReasonCode: 'CONFIG_RETURNS_NOT_APPLICABLE',
    Description: 'The compliance status is WARNING because AWS Config could not complete the evaluation of the resource.',
  },
};

/** Renders finding `i` as the full ASFF document real Security Hub findings have. */
export function renderFinding(world: World, i: number): AsffFinding {
  const s = world.store;
  const kind = s.kind[i] ?? 0;
  const a = s.account[i] ?? 0;
  const acct = world.account(a).id;
  const region = world.regionName(s.region[i] ?? 0);
  const id = world.findingId(i);
  const productArn = world.productArn(i);
  const product = world.product(i);
  const res = world.resourceOf(i);
  const created = s.createdAt[i] ?? 0;
  const updated = s.updatedAt[i] ?? 0;
  const lastObserved = lastObservedAt(world, i);
  const workflow = WORKFLOW[s.workflow[i] ?? 0] ?? 'NEW';
  const f: Record<string, unknown> = {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: productArn,
    ProductName: product.name,
    CompanyName: product.company,
  };
  if (((s.flags[i] ?? 0) & Flag.NO_REGION) === 0) f.Region = region;
  const productFields: Record<string, string> = {};
  const common = (): void => {
    productFields['aws/securityhub/ProductName'] = product.name;
    productFields['aws/securityhub/CompanyName'] = product.company;
    productFields['Resources:0/Id'] = res.id;
    productFields['aws/securityhub/FindingId'] = `${productArn}/${id}`;
  };

  if (kind <= Kind.CIS_LEGACY) {
    const control = world.controlOf(i);
    const controlId = control?.id ?? '';
    const severity = control?.severity ?? 'MEDIUM';
    const compliance = s.compliance[i] ?? Compliance.NOT_AVAILABLE;
    const label = severityLabel(world, i);
    const remediationUrl = `https://docs.aws.amazon.com/console/securityhub/${controlId}/remediation`;
    const catalogIndex = control ? (CONTROL_INDEX.get(control.id) ?? 0) : 0;
    const shRule = control?.configRule ? securityHubRuleName(world.org.seed, a, s.region[i] ?? 0, catalogIndex, control.configRule) : undefined;
    const cis = kind === Kind.CIS_LEGACY ? CIS_RULES[s.control[i] ?? 0] : undefined;
    let types: string[];
    let title: string;
    if (kind === Kind.CONTROL) {
      f.GeneratorId = `security-control/${controlId}`;
      types = ['Software and Configuration Checks/Industry and Regulatory Standards'];
      title = control?.title ?? controlId;
    } else if (kind === Kind.FSBP_LEGACY) {
      f.GeneratorId = `aws-foundational-security-best-practices/v/1.0.0/${controlId}`;
      types = ['Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices'];
      title = `${controlId} ${control?.title ?? ''}`.trim();
      productFields.StandardsArn = `arn:aws:securityhub:::${FSBP_STANDARD}`;
      productFields.StandardsSubscriptionArn = `arn:aws:securityhub:${region}:${acct}:subscription/aws-foundational-security-best-practices/v/1.0.0`;
      productFields.ControlId = controlId;
      productFields.RecommendationUrl = remediationUrl;
      productFields.StandardsControlArn = `arn:aws:securityhub:${region}:${acct}:control/aws-foundational-security-best-practices/v/1.0.0/${controlId}`;
    } else {
      const ruleId = cis?.ruleId ?? '';
      f.GeneratorId = `arn:aws:securityhub:::${CIS_120_RULESET}/rule/${ruleId}`;
      types = ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark'];
      title = `${ruleId} ${cis?.title ?? ''}`.trim();
      productFields.StandardsGuideArn = `arn:aws:securityhub:::${CIS_120_RULESET}`;
      productFields.StandardsGuideSubscriptionArn = `arn:aws:securityhub:${region}:${acct}:subscription/cis-aws-foundations-benchmark/v/1.2.0`;
      productFields.RuleId = ruleId;
      productFields.RecommendationUrl = remediationUrl;
      productFields.StandardsControlArn = `arn:aws:securityhub:${region}:${acct}:control/cis-aws-foundations-benchmark/v/1.2.0/${ruleId}`;
    }
    if (shRule) {
      productFields['RelatedAWSResources:0/name'] = shRule;
      productFields['RelatedAWSResources:0/type'] = 'AWS::Config::ConfigRule';
    }
    common();
    Object.assign(f, {
      AwsAccountId: acct,
      Types: types,
      FirstObservedAt: iso(created),
      LastObservedAt: iso(lastObserved),
      CreatedAt: iso(created),
      UpdatedAt: iso(updated),
      Severity: { Label: label, Normalized: NORMALIZED_OF_LABEL[label] ?? 0, Original: severity },
      Title: title,
      Description: `This control checks whether the following holds: ${(control?.title ?? controlId).replace(/\.$/, '')}.`,
      Remediation: {
        Recommendation: {
          Text: 'For information on how to correct this issue, consult the AWS Security Hub CSPM controls documentation.',
          Url: remediationUrl,
        },
      },
      ProductFields: productFields,
      Resources: [{ Type: res.type, Id: res.id, Partition: 'aws', Region: region }],
      Compliance: complianceOf(kind, compliance, controlId, s.control[i] ?? 0),
    });
    f.FindingProviderFields = { Types: types, Severity: { Label: severity, Original: severity } };
  } else if (kind === Kind.GUARDDUTY) {
    const t = GUARDDUTY_TEMPLATES[s.control[i] ?? 0] ?? GUARDDUTY_TEMPLATES[0];
    const detector = world.detectorId(a, s.region[i] ?? 0);
    const normalized = s.severity[i] ?? 20;
    const label = labelOfNormalized(normalized);
    const short = res.id.split(/[/:]/).pop() ?? res.id;
    productFields['aws/guardduty/service/serviceName'] = 'guardduty';
    productFields['aws/guardduty/service/detectorId'] = detector;
    productFields['aws/guardduty/service/archived'] = String(s.record[i] === 1);
    productFields['aws/guardduty/service/count'] = String(1 + (Number.parseInt(hexOf(2, world.org.seed, i, 3), 16) % 40));
    productFields['aws/guardduty/service/resourceRole'] = 'TARGET';
    common();
    Object.assign(f, {
      GeneratorId: `arn:aws:guardduty:${region}:${acct}:detector/${detector}`,
      AwsAccountId: acct,
      Types: [t?.type ?? ''],
      FirstObservedAt: iso(created),
      LastObservedAt: iso(lastObserved),
      CreatedAt: iso(created),
      UpdatedAt: iso(updated),
      Severity: { Product: t?.severity ?? 2, Label: label, Normalized: normalized, Original: `${t?.severity ?? 2}.0` },
      Title: (t?.title ?? '').replace('{r}', short),
      Description: (t?.title ?? '').replace('{r}', short),
      SourceUrl: `https://${region}.console.aws.amazon.com/guardduty/home?region=${region}#/findings?macros=current&fId=${id.split('/').pop() ?? ''}`,
      ProductFields: productFields,
      Resources: [{ Type: res.type, Id: res.id, Partition: 'aws', Region: region }],
      FindingProviderFields: { Types: [t?.type ?? ''], Severity: { Label: label, Original: `${t?.severity ?? 2}.0` } },
    });
  } else {
    const t = INSPECTOR_TEMPLATES[s.control[i] ?? 0] ?? INSPECTOR_TEMPLATES[0];
    const instance = res.id.split('/').pop() ?? '';
    productFields['aws/inspector/FindingStatus'] = s.record[i] === 1 ? 'CLOSED' : 'ACTIVE';
    productFields['aws/inspector/inspectorScore'] = String(t?.score ?? 0);
    productFields['aws/inspector/ProductVersion'] = '2';
    productFields['aws/inspector/instanceId'] = instance;
    common();
    Object.assign(f, {
      GeneratorId: 'AWSInspector',
      AwsAccountId: acct,
      Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
      FirstObservedAt: iso(created),
      LastObservedAt: iso(lastObserved),
      CreatedAt: iso(created),
      UpdatedAt: iso(updated),
      // The template's rating unless re-rated since (Story.rescore); FindingProviderFields keeps the template's.
      Severity: { Label: labelOfNormalized(s.severity[i] ?? 1), Normalized: s.severity[i] ?? 1 },
      Title: `${t?.cve ?? ''} - ${t?.pkg ?? ''}`,
      Description: `A vulnerability (${t?.cve ?? ''}) was found in package ${t?.pkg ?? ''} ${t?.version ?? ''}.`,
      Remediation: { Recommendation: { Text: 'None Provided' } },
      ProductFields: productFields,
      Resources: [{ Type: res.type, Id: res.id, Partition: 'aws', Region: region }],
      Vulnerabilities: [
        {
          Id: t?.cve ?? '',
          VulnerablePackages: [{ Name: t?.pkg ?? '', Version: t?.version ?? '', PackageManager: 'OS', FixedInVersion: t?.fixed ?? '' }],
          Cvss: [{ Version: '3.1', BaseScore: t?.score ?? 0, Source: 'NVD' }],
          FixAvailable: 'YES',
        },
      ],
      FindingProviderFields: { Types: ['Software and Configuration Checks/Vulnerabilities/CVE'], Severity: { Label: t?.label ?? 'LOW' } },
    });
  }
  f.Workflow = { Status: workflow };
  f.WorkflowState = WORKFLOW_STATE[workflow] ?? 'NEW';
  f.RecordState = RECORD[s.record[i] ?? 0] ?? 'ACTIVE';
  f.ProcessedAt = iso(updated + 20_000);
  return f as AsffFinding;
}

function complianceOf(kind: number, status: number, controlId: string, control: number): Record<string, unknown> {
  const c: Record<string, unknown> = { Status: COMPLIANCE[status] ?? 'NOT_AVAILABLE' };
  if (kind === Kind.CONTROL) {
    c.SecurityControlId = controlId;
    const cis = CIS_BY_CONTROL.get(control);
    const standards = [{ StandardsId: FSBP_STANDARD }];
    if (cis !== undefined) {
      standards.unshift({ StandardsId: CIS_120_RULESET });
      c.RelatedRequirements = [`CIS AWS Foundations Benchmark v1.2.0/${CIS_RULES[cis]?.ruleId ?? ''}`];
    }
    c.AssociatedStandards = standards;
  }
  const reason = STATUS_REASONS[status];
  if (reason) c.StatusReasons = [reason];
  return c;
}
