import { describe, expect, it } from 'vitest';
import type { FindingRow } from '@pillar/db';
import { FINDING_CSV_HEADER, findingCsvLine, findingOut, remediationUrlOfRaw, resourcesOfRaw } from './findings-view.ts';

const row: FindingRow = {
  id: '42',
  productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
  productName: 'Security Hub',
  accountId: '111111111111',
  region: 'us-east-1',
  controlId: 'S3.1',
  domain: 'data-protection',
  title: '@SUM(1,2)',
  severity: 'HIGH',
  complianceStatus: 'FAILED',
  workflowStatus: 'NEW',
  recordState: 'ACTIVE',
  resourceType: 'AwsS3Bucket',
  resourceIds: ['arn:aws:s3:::a', 'arn:aws:s3:::b'],
  firstObservedAt: new Date('2026-03-01T00:00:00Z'),
  updatedAt: new Date('2026-03-02T00:00:00Z'),
};

describe('a finding in the list', () => {
  it('carries the stored resource ids, the stored type on the first, and ISO times', () => {
    expect(findingOut(row)).toMatchObject({
      resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::a' }, { Id: 'arn:aws:s3:::b' }],
      firstObservedAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-02T00:00:00.000Z',
    });
  });

  it('is one CSV record per finding, matching the header', () => {
    const line = findingCsvLine(findingOut(row));
    expect(line.split(',').length).toBe(FINDING_CSV_HEADER.split(',').length + 1); // the title holds a comma
    expect(line).toBe(
      `42,111111111111,us-east-1,Security Hub,S3.1,data-protection,HIGH,"'@SUM(1,2)",FAILED,NEW,ACTIVE,AwsS3Bucket,arn:aws:s3:::a arn:aws:s3:::b,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,arn:aws:securityhub:us-east-1::product/aws/securityhub\r\n`,
    );
  });
});

describe('the raw ASFF in the drawer', () => {
  it('reads resources, dropping entries without a string Id', () => {
    expect(resourcesOfRaw({ Resources: [{ Type: 'AwsAccount', Id: 'x', Region: 'us-east-1', Partition: 'aws' }, { Id: 7 }, null, 'x'] })).toEqual([
      { Type: 'AwsAccount', Id: 'x', Region: 'us-east-1', Partition: 'aws' },
    ]);
    expect(resourcesOfRaw({})).toBeNull();
    expect(resourcesOfRaw(null)).toBeNull();
  });

  it('takes the remediation URL only when it is https', () => {
    expect(remediationUrlOfRaw({ Remediation: { Recommendation: { Url: 'https://docs.aws.amazon.com/x' } } })).toBe('https://docs.aws.amazon.com/x');
    expect(remediationUrlOfRaw({ Remediation: { Recommendation: { Url: 'javascript:alert(1)' } } })).toBeNull();
    expect(remediationUrlOfRaw({ Remediation: { Recommendation: { Text: 'fix' } } })).toBeNull();
    expect(remediationUrlOfRaw('nope')).toBeNull();
  });
});
