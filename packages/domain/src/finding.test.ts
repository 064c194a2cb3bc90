import { describe, expect, it } from 'vitest';
import { MAX_RESOURCES, normalizeFinding } from './finding.ts';
import type { NormalizedFinding } from './finding.ts';

const SH = 'arn:aws:securityhub:eu-west-1::product/aws/securityhub';

/** A minimal consolidated control finding; `over` replaces top-level fields. */
function raw(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SchemaVersion: '2018-10-08',
    Id: 'arn:aws:securityhub:eu-west-1:123456789012:security-control/IAM.1/finding/1',
    ProductArn: SH,
    ProductName: 'Security Hub',
    CompanyName: 'AWS',
    GeneratorId: 'security-control/IAM.1',
    AwsAccountId: '123456789012',
    Region: 'eu-west-1',
    CreatedAt: '2026-03-02T10:00:00.000Z',
    UpdatedAt: '2026-03-05T10:00:00.000Z',
    Title: 'IAM policies should not allow full "*" administrative privileges',
    Severity: { Label: 'HIGH', Normalized: 70 },
    Compliance: { Status: 'FAILED', SecurityControlId: 'IAM.1' },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
    Resources: [{ Type: 'AwsIamPolicy', Id: 'arn:aws:iam::123456789012:policy/admin', Partition: 'aws', Region: 'eu-west-1' }],
    ...over,
  };
}

function ok(input: unknown): NormalizedFinding {
  const result = normalizeFinding(input);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.finding;
}

describe('normalizeFinding: a control check', () => {
  it('keeps identity, control, statuses and dates', () => {
    expect(ok(raw())).toMatchObject({
      id: 'arn:aws:securityhub:eu-west-1:123456789012:security-control/IAM.1/finding/1',
      product: 'securityhub',
      productName: 'Security Hub',
      companyName: 'AWS',
      accountId: '123456789012',
      region: 'eu-west-1',
      controlId: 'IAM.1',
      isControlCheck: true,
      complianceStatus: 'FAILED',
      workflowStatus: 'NEW',
      recordState: 'ACTIVE',
      severityLabel: 'HIGH',
      firstObservedAt: '2026-03-02T10:00:00.000Z',
      isOpen: true,
      countsForScore: true,
      productDomain: null,
      resources: [{ type: 'AwsIamPolicy', id: 'arn:aws:iam::123456789012:policy/admin', region: 'eu-west-1', partition: 'aws' }],
    });
  });

  it('takes the region from the ProductArn when Region is absent', () => {
    expect(ok(raw({ Region: undefined })).region).toBe('eu-west-1');
    expect(ok(raw({ Region: undefined, ProductArn: 'arn:aws:securityhub:ap-south-2::product/aws/securityhub' })).region).toBe(
      'ap-south-2',
    );
  });

  it('defaults the workflow to NEW and the record state to ACTIVE', () => {
    const finding = ok(raw({ Workflow: undefined, RecordState: undefined }));
    expect(finding.workflowStatus).toBe('NEW');
    expect(finding.recordState).toBe('ACTIVE');
  });

  it('uses FirstObservedAt when present', () => {
    expect(ok(raw({ FirstObservedAt: '2026-01-01T00:00:00Z' })).firstObservedAt).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('normalizeFinding: open and counting', () => {
  it('is not open but still counts when PASSED', () => {
    const finding = ok(raw({ Compliance: { Status: 'PASSED', SecurityControlId: 'IAM.1' } }));
    expect([finding.isOpen, finding.countsForScore]).toEqual([false, true]);
  });

  it('is neither open nor counting when SUPPRESSED', () => {
    const finding = ok(raw({ Workflow: { Status: 'SUPPRESSED' } }));
    expect([finding.isOpen, finding.countsForScore]).toEqual([false, false]);
  });

  it('is not open when RESOLVED, yet a failing RESOLVED finding still counts', () => {
    const finding = ok(raw({ Workflow: { Status: 'RESOLVED' } }));
    expect([finding.isOpen, finding.countsForScore]).toEqual([false, true]);
  });

  it('is neither open nor counting when ARCHIVED', () => {
    const finding = ok(raw({ RecordState: 'ARCHIVED' }));
    expect([finding.isOpen, finding.countsForScore]).toEqual([false, false]);
  });

  it('is open without any Compliance.Status, e.g. a GuardDuty finding', () => {
    const finding = ok(
      raw({ ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/guardduty', ProductName: 'GuardDuty', Compliance: undefined }),
    );
    expect(finding).toMatchObject({ product: 'guardduty', isControlCheck: false, isOpen: true, productDomain: 'incident-response' });
  });

  it('never counts a finding of the AWS Config product as open', () => {
    const finding = ok(raw({ ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/config', ProductName: 'Config' }));
    expect([finding.isOpen, finding.isControlCheck]).toEqual([false, false]);
  });
});

describe('normalizeFinding: what is a control check', () => {
  it('needs a Compliance.Status as well as a control id', () => {
    expect(ok(raw({ Compliance: { SecurityControlId: 'IAM.1' } })).isControlCheck).toBe(false);
  });

  it('excludes partner products even with a Compliance.Status and a control id', () => {
    const finding = ok(raw({ ProductArn: 'arn:aws:securityhub:eu-west-1::product/prowler/prowler', ProductName: 'Prowler' }));
    expect(finding).toMatchObject({ product: 'other', controlId: null, isControlCheck: false, productDomain: null });
  });

  it('excludes Access Analyzer findings and maps them to iam by product', () => {
    const finding = ok(raw({ ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/access-analyzer', ProductName: undefined }));
    expect(finding).toMatchObject({ product: 'access-analyzer', productName: 'access-analyzer', isControlCheck: false, productDomain: 'iam' });
  });
});

describe('normalizeFinding: severity', () => {
  it('derives the label from Severity.Normalized when Label is missing', () => {
    expect(ok(raw({ Severity: { Normalized: 39 } })).severityLabel).toBe('LOW');
    expect(ok(raw({ Severity: { Normalized: 95 } })).severityLabel).toBe('CRITICAL');
  });

  it('falls back to INFORMATIONAL when neither is usable', () => {
    expect(ok(raw({ Severity: { Product: 8 } })).severityLabel).toBe('INFORMATIONAL');
    expect(ok(raw({ Severity: { Label: 'SEVERE' } })).severityLabel).toBe('INFORMATIONAL');
  });
});

describe('normalizeFinding: bounds', () => {
  it('keeps only the first 32 well-formed resources', () => {
    const resources = [{ Type: 'Other' }, ...Array.from({ length: 40 }, (_, i) => ({ Type: 'Other', Id: `r${i}` }))];
    const finding = ok(raw({ Resources: resources }));
    expect(finding.resources).toHaveLength(MAX_RESOURCES);
    expect(finding.resources[0]?.id).toBe('r0');
  });

  it('cuts an over-long title and refuses an over-long Id', () => {
    expect(ok(raw({ Title: 'x'.repeat(1000) })).title).toHaveLength(256);
    expect(normalizeFinding(raw({ Id: 'x'.repeat(513) }))).toEqual({ ok: false, reason: 'missing or invalid Id' });
  });
});

describe('normalizeFinding: rejections', () => {
  it.each([['XXXXXXXXXXXX'], ['1234567'], [123456789012], [undefined]])('rejects the account id %j', (account) => {
    expect(normalizeFinding(raw({ AwsAccountId: account }))).toEqual({
      ok: false,
      id: 'arn:aws:securityhub:eu-west-1:123456789012:security-control/IAM.1/finding/1',
      reason: 'placeholder/invalid account id',
    });
  });

  it('names the reason for each missing essential', () => {
    expect(normalizeFinding(null)).toEqual({ ok: false, reason: 'not an object' });
    expect(normalizeFinding([raw()])).toEqual({ ok: false, reason: 'not an object' });
    expect(normalizeFinding(raw({ Id: '' }))).toEqual({ ok: false, reason: 'missing or invalid Id' });
    expect(normalizeFinding(raw({ ProductArn: 'arn:aws:s3:::b' }))).toMatchObject({ reason: 'missing or invalid ProductArn' });
    expect(
      normalizeFinding(raw({ Region: undefined, ProductArn: 'arn:aws:securityhub:::product/aws/securityhub' })),
    ).toMatchObject({ reason: 'missing region' });
    expect(normalizeFinding(raw({ CreatedAt: '2026-02-30T00:00:00Z' }))).toMatchObject({ reason: 'missing or invalid CreatedAt' });
    expect(normalizeFinding(raw({ UpdatedAt: undefined }))).toMatchObject({ reason: 'missing or invalid UpdatedAt' });
  });

  it('never throws on hostile input', () => {
    const hostile = Object.create({ Id: 'inherited', AwsAccountId: '123456789012' }) as unknown;
    expect(normalizeFinding(hostile)).toEqual({ ok: false, reason: 'missing or invalid Id' });
    expect(normalizeFinding(raw({ Compliance: 'FAILED', Workflow: 5, Severity: null, Resources: {} })).ok).toBe(true);
  });
});

describe('normalizeFinding: names', () => {
  it('falls back from a blank ProductName to ProductFields, then to the ProductArn', () => {
    expect(ok(raw({ ProductName: ' ', ProductFields: { 'aws/securityhub/ProductName': 'Security Hub' } })).productName).toBe('Security Hub');
    expect(ok(raw({ ProductName: undefined, CompanyName: undefined })).productName).toBe('securityhub');
    expect(ok(raw({ ProductName: undefined, CompanyName: undefined })).companyName).toBe('AWS');
  });
});
