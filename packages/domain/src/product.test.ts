import { describe, expect, it } from 'vitest';
import { domainForProduct, identifyProduct, parseProductArn } from './product.ts';

describe('parseProductArn', () => {
  it('reads region, company and product', () => {
    expect(parseProductArn('arn:aws:securityhub:us-east-1::product/aws/guardduty')).toEqual({
      region: 'us-east-1',
      company: 'aws',
      product: 'guardduty',
    });
    expect(parseProductArn('arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/prowler/prowler')).toEqual({
      region: 'us-gov-west-1',
      company: 'prowler',
      product: 'prowler',
    });
  });

  it('tolerates the stray colon of a documented GuardDuty sample', () => {
    expect(parseProductArn('arn:aws::securityhub:us-east-1::product/aws/guardduty')?.region).toBe('us-east-1');
  });

  it('gives a null region when the ARN has none, and null for a non-product ARN', () => {
    expect(parseProductArn('arn:aws:securityhub:::product/aws/network-firewall')?.region).toBeNull();
    expect(parseProductArn('arn:aws:s3:::bucket')).toBeNull();
  });
});

describe('identifyProduct', () => {
  it('decides from the ProductArn', () => {
    expect(identifyProduct('arn:aws:securityhub:eu-west-1::product/aws/securityhub')).toBe('securityhub');
    expect(identifyProduct('arn:aws:securityhub:eu-west-1::product/aws/config')).toBe('config');
    expect(identifyProduct('arn:aws:securityhub:eu-west-1::product/aws/access-analyzer')).toBe('access-analyzer');
  });

  it('treats a partner product as other, whatever its name', () => {
    expect(identifyProduct('arn:aws:securityhub:eu-west-1::product/prowler/prowler', 'GuardDuty')).toBe('other');
  });

  it('falls back to the ProductName without a readable ARN', () => {
    expect(identifyProduct(null, 'Amazon GuardDuty')).toBe('guardduty');
    expect(identifyProduct('garbage', 'IAM Access Analyzer')).toBe('access-analyzer');
    expect(identifyProduct(undefined, 'Firewall Manager')).toBe('firewall-manager');
    expect(identifyProduct(undefined, 'Security Hub CSPM')).toBe('securityhub');
    expect(identifyProduct(undefined, 'Something')).toBe('other');
  });
});

describe('domainForProduct', () => {
  it.each([
    ['guardduty', 'incident-response'],
    ['detective', 'incident-response'],
    ['inspector', 'infrastructure'],
    ['firewall-manager', 'infrastructure'],
    ['network-firewall', 'infrastructure'],
    ['shield', 'infrastructure'],
    ['macie', 'data-protection'],
    ['access-analyzer', 'iam'],
  ] as const)('maps %s to %s', (product, domain) => {
    expect(domainForProduct(product)).toBe(domain);
  });

  it('gives no domain to Security Hub, Config and anything else', () => {
    expect(domainForProduct('securityhub')).toBeNull();
    expect(domainForProduct('config')).toBeNull();
    expect(domainForProduct('other')).toBeNull();
  });
});

describe('lookups by untrusted text', () => {
  it('never resolve inherited object keys', () => {
    expect(identifyProduct('arn:aws:securityhub:us-east-1::product/aws/constructor')).toBe('other');
    expect(identifyProduct(null, 'toString')).toBe('other');
  });
});
