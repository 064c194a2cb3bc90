import { describe, expect, it } from 'vitest';
import { createCatalog, fsbpCatalog } from './catalog.ts';
import type { CatalogControl } from './catalog.ts';
import { matchCategoryRow } from './category-domain.ts';
import { domainForConfigRule, domainForControl } from './domain-mapping.ts';

const control = (id: string, category: string | null, configRule: string | null = null): CatalogControl => ({
  id,
  title: id,
  severity: 'MEDIUM',
  category,
  configRule,
  configRuleKind: null,
  resourceType: null,
  status: 'current',
});

const catalog = createCatalog([
  control('S3.14', 'Recover > Resilience > Backups enabled', 's3-bucket-versioning-enabled'),
  control('IAM.1', 'Protect > Secure access management', 'iam-policy-no-statements-with-admin-access'),
  control('Account.1', 'Identify > Resource Configuration', 'security-account-information-provided'),
  control('Config.1', 'Identify > Inventory'),
  control('EC2.22', 'Identify > Inventory', 'ec2-security-group-attached-to-eni-periodic'),
]);

describe('domainForControl', () => {
  it('maps a catalog control by its category', () => {
    expect(domainForControl('IAM.1', { catalog })).toBe('iam');
    expect(domainForControl('S3.14', { catalog })).toBe('incident-response');
  });

  it('maps Account.1 to incident-response before its "none" category', () => {
    expect(domainForControl('Account.1', { catalog })).toBe('incident-response');
  });

  it('maps Config.1 to detective before its "none" category', () => {
    expect(domainForControl('Config.1', { catalog })).toBe('detective');
  });

  it('gives no domain to a control of a "none" row or outside the catalog', () => {
    expect(domainForControl('EC2.22', { catalog })).toBeNull();
    expect(domainForControl('Unknown.9', { catalog })).toBeNull();
    expect(domainForControl('cis-aws-foundations-benchmark/v/1.2.0/1.4', { catalog })).toBeNull();
  });

  it('lets an override win over category, by-id rule and "none" row', () => {
    const overrides = new Map([
      ['IAM.1', 'detective' as const],
      ['Account.1', 'iam' as const],
      ['EC2.22', 'infrastructure' as const],
    ]);
    expect(domainForControl('IAM.1', { catalog, overrides })).toBe('detective');
    expect(domainForControl('Account.1', { catalog, overrides })).toBe('iam');
    expect(domainForControl('EC2.22', { catalog, overrides })).toBe('infrastructure');
    expect(domainForControl('S3.14', { catalog, overrides })).toBe('incident-response');
  });

  it('accepts overrides as a plain record and ignores inherited keys', () => {
    expect(domainForControl('Config.1', { catalog, overrides: { 'Config.1': 'iam' } })).toBe('iam');
    expect(domainForControl('toString', { catalog, overrides: {} })).toBeNull();
  });
});

describe('Config-rule controls', () => {
  it('take the domain of the catalog control with the same rule name', () => {
    expect(domainForControl('config:iam-policy-no-statements-with-admin-access', { catalog })).toBe('iam');
    expect(domainForConfigRule('s3-bucket-versioning-enabled', { catalog })).toBe('incident-response');
  });

  it('match after removing a conformance-pack suffix', () => {
    expect(domainForConfigRule('s3-bucket-versioning-enabled-conformance-pack-abc123xyz', { catalog })).toBe(
      'incident-response',
    );
  });

  it('fall back to the managed SourceIdentifier when the name does not match', () => {
    const configRuleSources = new Map([['my-versioning-check', 'S3_BUCKET_VERSIONING_ENABLED']]);
    expect(domainForConfigRule('my-versioning-check', { catalog, configRuleSources })).toBe('incident-response');
    expect(domainForConfigRule('my-versioning-check', { catalog })).toBeNull();
  });

  it('have no domain when neither name nor SourceIdentifier is in the catalog', () => {
    const configRuleSources = new Map([['custom', 'arn:aws:lambda:us-east-1:123456789012:function:Check']]);
    expect(domainForConfigRule('custom', { catalog, configRuleSources })).toBeNull();
  });

  it('follow the by-id rule of their catalog control', () => {
    expect(domainForConfigRule('security-account-information-provided', { catalog })).toBe('incident-response');
  });

  it('can be overridden by their own config: id, which wins over the catalog control', () => {
    const overrides = { 'config:s3-bucket-versioning-enabled': 'data-protection' as const };
    expect(domainForConfigRule('s3-bucket-versioning-enabled', { catalog, overrides })).toBe('data-protection');
  });

  it('carry over an override of their catalog control', () => {
    const overrides = { 'S3.14': 'data-protection' as const };
    expect(domainForConfigRule('s3-bucket-versioning-enabled', { catalog, overrides })).toBe('data-protection');
  });
});

describe('the bundled catalog', () => {
  it('maps every control to a domain, or to none only through a "none" row (Athena.1 has no category)', () => {
    const withoutRow: string[] = [];
    for (const c of fsbpCatalog.controls) {
      const domain = domainForControl(c.id, { catalog: fsbpCatalog });
      if (domain !== null) continue;
      const row = c.category === null ? undefined : matchCategoryRow(c.category);
      if (row === undefined) withoutRow.push(c.id);
      else expect(row.domain, `${c.id} "${c.category}"`).toBeNull();
    }
    expect(withoutRow).toEqual(['Athena.1']);
  });

  it('maps real controls as SCORING.md says', () => {
    const ctx = { catalog: fsbpCatalog };
    expect(domainForControl('IAM.1', ctx)).toBe('iam');
    expect(domainForControl('CloudTrail.2', ctx)).toBe('data-protection');
    expect(domainForControl('ELB.1', ctx)).toBe('detective');
    expect(domainForControl('Account.1', ctx)).toBe('incident-response');
    expect(domainForControl('Config.1', ctx)).toBe('detective');
    expect(domainForControl('ACM.2', ctx)).toBeNull();
  });
});
