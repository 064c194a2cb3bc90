import { describe, expect, it } from 'vitest';
import {
  configControlId,
  configRuleNameOf,
  isConfigControlId,
  isSecurityHubManagedRule,
  managedIdentifierToRuleName,
  stripConformancePackSuffix,
} from './config-rule.ts';

describe('Config rule ids', () => {
  it('names a rule control config:<ConfigRuleName> and reads the name back', () => {
    expect(configControlId('my-rule')).toBe('config:my-rule');
    expect(isConfigControlId('config:my-rule')).toBe(true);
    expect(isConfigControlId('IAM.1')).toBe(false);
    expect(configRuleNameOf('config:my-rule')).toBe('my-rule');
    expect(configRuleNameOf('IAM.1')).toBeNull();
  });

  it('recognises the rules Security Hub creates for its own controls', () => {
    expect(isSecurityHubManagedRule('securityhub-s3-bucket-public-read-prohibited-4414615a')).toBe(true);
    expect(isSecurityHubManagedRule('s3-bucket-public-read-prohibited')).toBe(false);
  });

  it('removes only a trailing conformance-pack suffix', () => {
    expect(stripConformancePackSuffix('s3-bucket-versioning-enabled-conformance-pack-x1y2z3')).toBe(
      's3-bucket-versioning-enabled',
    );
    expect(stripConformancePackSuffix('conformance-pack-abc-rule')).toBe('conformance-pack-abc-rule');
  });

  it('turns a managed SourceIdentifier into a rule name', () => {
    expect(managedIdentifierToRuleName('S3_BUCKET_VERSIONING_ENABLED')).toBe('s3-bucket-versioning-enabled');
  });
});
