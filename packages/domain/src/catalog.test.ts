import { describe, expect, it } from 'vitest';
import { createCatalog, fsbpCatalog, parseCatalog, parseCatalogEntry, remediationUrl } from './catalog.ts';
import type { CatalogControl } from './catalog.ts';

const control = (over: Partial<CatalogControl>): CatalogControl => ({
  id: 'X.1',
  title: 'A control',
  severity: 'LOW',
  category: null,
  configRule: null,
  configRuleKind: null,
  resourceType: null,
  status: 'current',
  ...over,
});

describe('the bundled FSBP catalog', () => {
  it('loads all 352 controls', () => {
    expect(fsbpCatalog.controls).toHaveLength(352);
  });

  it('finds a control by id with its typed fields', () => {
    expect(fsbpCatalog.byId('IAM.1')).toMatchObject({
      id: 'IAM.1',
      severity: 'HIGH',
      category: 'Protect > Secure access management',
      configRule: 'iam-policy-no-statements-with-admin-access',
    });
    expect(fsbpCatalog.byId('iam.1')).toBeUndefined();
  });

  it('finds a control by its AWS Config rule name', () => {
    expect(fsbpCatalog.byConfigRule('acm-certificate-expiration-check')?.id).toBe('ACM.1');
    expect(fsbpCatalog.byConfigRule('no-such-rule')).toBeUndefined();
  });

  it('returns the first control in catalog order when several share a rule', () => {
    expect(fsbpCatalog.byConfigRule('vpc-endpoint-enabled')?.id).toBe('EC2.55');
  });

  it('keeps a control without category as null', () => {
    expect(fsbpCatalog.byId('Athena.1')?.category).toBeNull();
  });
});

describe('createCatalog', () => {
  it('indexes hand-made controls by id and rule', () => {
    const catalog = createCatalog([control({ id: 'A.1', configRule: 'r' }), control({ id: 'A.2', configRule: 'r' })]);
    expect(catalog.byId('A.2')?.id).toBe('A.2');
    expect(catalog.byConfigRule('r')?.id).toBe('A.1');
  });

  it('refuses two controls with the same id', () => {
    expect(() => createCatalog([control({ id: 'A.1' }), control({ id: 'A.1' })])).toThrow(/duplicate control id/);
  });
});

describe('parseCatalogEntry', () => {
  it('rejects entries with a missing title or an unknown severity', () => {
    expect(parseCatalogEntry({ id: 'A.1', severity: 'LOW', status: 'current' })).toBeNull();
    expect(parseCatalogEntry({ id: 'A.1', title: 't', severity: 'SEVERE', status: 'current' })).toBeNull();
  });

  it('treats absent optional fields as null', () => {
    expect(parseCatalogEntry({ id: 'A.1', title: 't', severity: 'LOW', status: 'current' })).toEqual(
      control({ id: 'A.1', title: 't' }),
    );
  });

  it('names the index of the first bad entry of a document', () => {
    expect(() => parseCatalog([{ id: 'bad' }])).toThrow('invalid catalog entry at index 0');
  });
});

describe('remediationUrl', () => {
  it('follows the AWS documentation pattern with the service lower-cased', () => {
    expect(remediationUrl('IAM.1')).toBe('https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1');
    expect(remediationUrl('RedshiftServerless.3')).toBe(
      'https://docs.aws.amazon.com/securityhub/latest/userguide/redshiftserverless-controls.html#redshiftserverless-3',
    );
  });

  it('has no URL for standard-qualified or Config rule ids', () => {
    expect(remediationUrl('cis-aws-foundations-benchmark/v/1.2.0/1.4')).toBeNull();
    expect(remediationUrl('config:my-rule')).toBeNull();
  });
});
