import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFindings } from './extract.ts';
import { normalizeFinding } from './finding.ts';
import type { NormalizedFinding } from './finding.ts';

// Real ASFF samples collected from AWS documentation and public projects (see asff-manifest.json there).
const ROOT = new URL('../../testkit/fixtures/aws-samples/', import.meta.url);
const DIR = new URL('asff/', ROOT);
const presence = JSON.parse(readFileSync(new URL('asff-field-presence.json', ROOT), 'utf8')) as {
  totalFindings: number;
  findingsPerFile: Record<string, number>;
};
const files = readdirSync(DIR).filter((name) => name.endsWith('.json')).sort();

function candidatesOf(file: string): unknown[] {
  return extractFindings(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));
}

function findingsOf(file: string): NormalizedFinding[] {
  return candidatesOf(file).map((candidate) => {
    const result = normalizeFinding(candidate);
    if (!result.ok) throw new Error(`${file}: ${result.reason}`);
    return result.finding;
  });
}

function only(file: string): NormalizedFinding {
  const [finding, ...rest] = findingsOf(file);
  if (finding === undefined || rest.length > 0) throw new Error(`${file}: expected one finding`);
  return finding;
}

describe('every ASFF sample file', () => {
  it('yields as many candidates as the manifest counts, in every container shape', () => {
    expect(files).toHaveLength(150);
    const counts = Object.fromEntries(files.map((file) => [file, candidatesOf(file).length]));
    expect(counts).toEqual(presence.findingsPerFile);
  });

  it('accepts every finding with a 12-digit account and rejects placeholders with a reason', () => {
    const outcomes = { accepted: 0, rejected: 0 };
    for (const file of files) {
      for (const candidate of candidatesOf(file)) {
        const account = (candidate as { AwsAccountId?: unknown }).AwsAccountId;
        const result = normalizeFinding(candidate);
        if (typeof account === 'string' && /^\d{12}$/.test(account)) {
          expect(result, `${file} ${account}`).toMatchObject({ ok: true });
          outcomes.accepted += 1;
        } else {
          expect(result, `${file} ${String(account)}`).toMatchObject({ ok: false, reason: 'placeholder/invalid account id' });
          expect((result as { id?: string }).id).toBeTypeOf('string');
          outcomes.rejected += 1;
        }
      }
    }
    expect(outcomes).toEqual({ accepted: presence.totalFindings - 6, rejected: 6 });
  });
});

describe('specific samples', () => {
  it('reads a consolidated finding by its SecurityControlId, even from a CIS 1.2.0 ruleset', () => {
    expect(only('awsdocs__cis-1.2.0_2.7.json')).toMatchObject({ controlId: 'CloudTrail.2', isControlCheck: true, region: 'us-east-2' });
    expect(only('awsdocs__control-tower.json').controlId).toBe('CloudTrail.2');
  });

  it('qualifies a per-standard CIS 1.2.0 rule and a PCI control by their standard', () => {
    expect(only('asr__simtest__simdata__cis-110.json').controlId).toBe('cis-aws-foundations-benchmark/v/1.2.0/1.10');
    expect(only('asr__simtest__simdata__pci-iam.7.json').controlId).toBe('pci-dss/v/3.2.1/PCI.IAM.7');
  });

  it('keeps a per-standard FSBP ControlId bare and takes the region from the ProductArn without Region', () => {
    expect(only('asr__simtest__simdata__afsbp-ec2.1.json')).toMatchObject({
      controlId: 'EC2.1',
      region: 'us-east-1',
      accountId: '111111111111',
      productName: 'Security Hub',
      severityLabel: 'CRITICAL',
    });
    expect(only('asr__source__playbooks__AFSBP__test__test_data__afsbp_rds1.json').region).toBe('eu-west-1');
  });

  it('reads an EventBridge custom-action event with a WARNING CIS finding', () => {
    expect(only('asr__simtest__simdata__cis23.json')).toMatchObject({
      controlId: 'cis-aws-foundations-benchmark/v/1.2.0/2.3',
      complianceStatus: 'WARNING',
      region: 'us-east-2',
      isOpen: false,
      countsForScore: true,
      firstObservedAt: '2020-05-20T05:02:44.203Z',
    });
  });

  it('reads an archived PCI finding from a GetFindings response', () => {
    expect(only('awscli__get-findings__example1.json')).toMatchObject({
      controlId: 'pci-dss/v/3.2.1/PCI.Lambda.2',
      recordState: 'ARCHIVED',
      countsForScore: false,
      isOpen: false,
      region: 'us-west-1',
    });
  });

  it('reads a PASSED, RESOLVED consolidated finding as counting but not open', () => {
    expect(only('awsdocs-current__auditmanager_consolidated_IAM.4_PASSED.json')).toMatchObject({
      controlId: 'IAM.4',
      complianceStatus: 'PASSED',
      workflowStatus: 'RESOLVED',
      isOpen: false,
      countsForScore: true,
    });
  });

  it('reads the documented GuardDuty finding despite its malformed ProductArn', () => {
    expect(only('awsdocs__guardduty_SSHBruteForce.json')).toMatchObject({
      product: 'guardduty',
      region: 'us-east-1',
      isControlCheck: false,
      isOpen: true,
      productDomain: 'incident-response',
    });
  });

  it('maps Access Analyzer and Inspector findings to their product domains', () => {
    expect(only('awsdocs__access-analyzer_s3-cross-account.json')).toMatchObject({ region: 'us-west-2', productDomain: 'iam' });
    expect(only('defectdojo__asff__one_vuln.json')).toMatchObject({ product: 'inspector', productDomain: 'infrastructure', severityLabel: 'HIGH' });
  });

  it('does not count the AWS Config product as open or as a control check', () => {
    expect(only('awsdocs__config-product.json')).toMatchObject({ product: 'config', complianceStatus: 'FAILED', isOpen: false, isControlCheck: false });
  });

  it('treats Prowler findings as partner findings, never control checks', () => {
    const findings = findingsOf('defectdojo__asff__prowler-output.asff.SUBSET.json');
    expect(findings.map((f) => [f.isControlCheck, f.workflowStatus, f.companyName])).toEqual(
      Array.from({ length: 5 }, () => [false, 'NEW', 'prowler']),
    );
    expect(findings.map((f) => f.complianceStatus)).toContain('INFOED');
  });

  it('rejects the placeholder accounts of the DefectDojo Inspector samples', () => {
    const results = candidatesOf('defectdojo__awssecurityhub__inspector_ec2_cve.json').map(normalizeFinding);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(normalizeFinding(candidatesOf('defectdojo__awssecurityhub__issue_10956.json')[0])).toMatchObject({
      ok: false,
      reason: 'placeholder/invalid account id',
    });
  });
});
