import { describe, expect, it } from 'vitest';
import { controlIdOf, standardOf } from './control-id.ts';

const FSBP = 'arn:aws:securityhub:::standards/aws-foundational-security-best-practices/v/1.0.0';
const CIS_120 = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
const CIS_140 = 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0';
const PCI = 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1';

describe('standardOf', () => {
  it('takes the part after standards/ or ruleset/', () => {
    expect(standardOf(CIS_120)).toBe('cis-aws-foundations-benchmark/v/1.2.0');
    expect(standardOf(PCI)).toBe('pci-dss/v/3.2.1');
    expect(standardOf('arn:aws:securityhub:::something/else')).toBeNull();
  });
});

describe('controlIdOf', () => {
  it('prefers the consolidated SecurityControlId over per-standard ids', () => {
    const finding = {
      Compliance: { SecurityControlId: 'CloudTrail.2' },
      ProductFields: { RuleId: '2.7', StandardsGuideArn: CIS_120 },
    };
    expect(controlIdOf(finding)).toBe('CloudTrail.2');
  });

  it('keeps an FSBP ControlId bare', () => {
    expect(controlIdOf({ ProductFields: { ControlId: 'IAM.1', StandardsArn: FSBP } })).toBe('IAM.1');
  });

  it('qualifies a CIS RuleId by its ruleset so CIS 1.2.0 and 1.4.0 never merge', () => {
    expect(controlIdOf({ ProductFields: { RuleId: '1.4', StandardsGuideArn: CIS_120 } })).toBe(
      'cis-aws-foundations-benchmark/v/1.2.0/1.4',
    );
    expect(controlIdOf({ ProductFields: { ControlId: '1.4', StandardsArn: CIS_140 } })).toBe(
      'cis-aws-foundations-benchmark/v/1.4.0/1.4',
    );
  });

  it('qualifies a PCI ControlId by its standard', () => {
    expect(controlIdOf({ ProductFields: { ControlId: 'PCI.IAM.1', StandardsArn: PCI } })).toBe('pci-dss/v/3.2.1/PCI.IAM.1');
  });

  it('prefers ControlId over RuleId', () => {
    expect(controlIdOf({ ProductFields: { ControlId: 'IAM.1', RuleId: 'x', StandardsArn: FSBP } })).toBe('IAM.1');
  });

  it('keeps the id bare when no standard is named', () => {
    expect(controlIdOf({ ProductFields: { ControlId: 'IAM.1' } })).toBe('IAM.1');
  });

  it('returns null when the finding names no control or names it with a non-string', () => {
    expect(controlIdOf({ Compliance: { Status: 'FAILED' } })).toBeNull();
    expect(controlIdOf({ Compliance: { SecurityControlId: 7 } })).toBeNull();
    expect(controlIdOf({ ProductFields: { ControlId: '  ' } })).toBeNull();
    expect(controlIdOf('IAM.1')).toBeNull();
  });
});
