import { describe, expect, it } from 'vitest';
import { remediationUrl } from './remediation.ts';

describe('remediationUrl', () => {
  it('links a Security Hub control to its AWS remediation page', () => {
    expect(remediationUrl('S3.1')).toBe('https://docs.aws.amazon.com/console/securityhub/S3.1/remediation');
    expect(remediationUrl('ELBv2.1')).toBe('https://docs.aws.amazon.com/console/securityhub/ELBv2.1/remediation');
  });

  it('has no link for Config rules or standard-qualified ids', () => {
    expect(remediationUrl('config:my-rule')).toBeNull();
    expect(remediationUrl('cis-aws-foundations-benchmark/v/1.2.0/1.4')).toBeNull();
  });
});
