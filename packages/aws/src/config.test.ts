import { describe, expect, it } from 'vitest';
import { isSecurityHubManagedRule, toCompliance, toEvaluation, toIso } from './config.ts';

describe('isSecurityHubManagedRule', () => {
  it('skips the rules Security Hub creates for its controls', () => {
    expect(isSecurityHubManagedRule('securityhub-s3-bucket-versioning-enabled-a1b2c3')).toBe(true);
  });

  it('keeps every other rule, including ones that merely mention Security Hub', () => {
    expect(isSecurityHubManagedRule('s3-bucket-versioning-enabled')).toBe(false);
    expect(isSecurityHubManagedRule('securityhub-enabled')).toBe(true);
    expect(isSecurityHubManagedRule('my-securityhub-check')).toBe(false);
    expect(isSecurityHubManagedRule('SecurityHub-upper-case')).toBe(false);
    expect(isSecurityHubManagedRule('')).toBe(false);
  });
});

describe('toCompliance', () => {
  it('keeps the four Config values and treats anything else as no data', () => {
    for (const value of ['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA', 'NOT_APPLICABLE']) {
      expect(toCompliance(value)).toBe(value);
    }
    expect(toCompliance(undefined)).toBe('INSUFFICIENT_DATA');
    expect(toCompliance('compliant')).toBe('INSUFFICIENT_DATA');
  });
});

describe('toIso', () => {
  it('turns the Dates the SDK makes of Config timestamps into ISO strings', () => {
    expect(toIso(new Date(Date.UTC(2025, 2, 10, 8, 30)))).toBe('2025-03-10T08:30:00.000Z');
    expect(toIso(undefined)).toBeNull();
    expect(toIso(new Date('invalid'))).toBeNull();
  });
});

describe('toEvaluation', () => {
  const where = { ruleName: 'required-tags', accountId: '111122223333', region: 'eu-west-1' };

  it('flattens an evaluation result', () => {
    const result = {
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: { ConfigRuleName: 'required-tags', ResourceType: 'AWS::S3::Bucket', ResourceId: 'logs' },
        OrderingTimestamp: new Date('2025-03-09T00:00:00Z'),
      },
      ComplianceType: 'NON_COMPLIANT',
      ResultRecordedTime: new Date('2025-03-10T00:00:00Z'),
      Annotation: 'missing tag owner',
    };
    expect(toEvaluation(result, where)).toEqual({
      ...where,
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'logs',
      compliance: 'NON_COMPLIANT',
      resultRecordedAt: '2025-03-10T00:00:00.000Z',
      annotation: 'missing tag owner',
    });
  });

  it('falls back to the ordering timestamp when no recorded time is given', () => {
    const result = {
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: { ResourceType: 'AWS::IAM::User', ResourceId: 'AIDAEXAMPLE' },
        OrderingTimestamp: new Date('2025-03-09T00:00:00Z'),
      },
      ComplianceType: 'COMPLIANT',
    };
    expect(toEvaluation(result, where)).toMatchObject({ ruleName: 'required-tags', resultRecordedAt: '2025-03-09T00:00:00.000Z' });
  });

  it('drops results that name no resource and results of Security Hub rules', () => {
    expect(toEvaluation({ ComplianceType: 'COMPLIANT' }, where)).toBeNull();
    const shRule = {
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: { ConfigRuleName: 'securityhub-x', ResourceType: 'AWS::S3::Bucket', ResourceId: 'b' },
      },
    };
    expect(toEvaluation(shRule, where)).toBeNull();
  });
});
