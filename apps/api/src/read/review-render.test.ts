import { describe, expect, it } from 'vitest';
import type { WeeklyReviewOut } from './review.ts';
import { mdText, weeklyReviewCsv, weeklyReviewMarkdown } from './review-render.ts';
import type { FindingOut } from './findings-view.ts';

const s = (score: number | null, passed = 0, failed = 0) => ({ score, passed, failed, unknown: 0, noData: 0 });
const change = (current: number | null, previous: number | null, delta: number | null) => ({ current: s(current), previous: s(previous), delta });
const DOMAIN_NAMES = [
  ['iam', 'Identity and Access Management'],
  ['detective', 'Detective Controls'],
  ['infrastructure', 'Infrastructure Protection'],
  ['data-protection', 'Data Protection'],
  ['incident-response', 'Incident Response'],
] as const;

const findingItem: FindingOut = {
  id: '17',
  productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
  productName: 'Security Hub',
  accountId: '111111111111',
  region: 'us-east-1',
  controlId: 'S3.1',
  domain: 'data-protection',
  title: '=HYPERLINK("http://evil") | <b>bucket</b>',
  severity: 'HIGH',
  complianceStatus: 'FAILED',
  workflowStatus: 'NEW',
  recordState: 'ACTIVE',
  resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::b' }],
  firstObservedAt: '2026-03-03T00:00:00.000Z',
  updatedAt: '2026-03-03T00:00:00.000Z',
};

const review: WeeklyReviewOut = {
  week: '2026-W10',
  from: '2026-03-02',
  to: '2026-03-08',
  previousWeek: '2026-W09',
  accountId: null,
  overall: change(75, 80, -5),
  domains: DOMAIN_NAMES.map(([key, name], i) => ({ key, name, ...change(i === 0 ? 50 : null, i === 0 ? 100 : null, i === 0 ? -50 : null) })),
  accounts: [
    { accountId: '111111111111', name: 'prod, EU', ...change(50, 100, -50) },
    { accountId: '222222222222', name: 'dev', ...change(100, 100, 0) },
  ],
  newlyFailing: [{ accountId: '111111111111', controlId: 'IAM.1', domain: 'iam', title: 'Root | MFA', severity: 'CRITICAL' }],
  newlyFailingCount: 1,
  noLongerFailing: [],
  noLongerFailingCount: 0,
  newFindings: { count: 3, items: [findingItem] },
  resolvedFindings: { count: 0, items: [] },
  suppressedFindings: { count: 0, items: [] },
};

describe('weekly review as Markdown', () => {
  const md = weeklyReviewMarkdown(review);

  it('opens with a summary sentence of the overall change and the lists', () => {
    expect(md).toContain('# Weekly security review 2026-W10');
    expect(md).toContain(
      'Overall score for the organisation: 75.0 at the end of 2026-W10 against 80.0 at the end of 2026-W09 (-5.0, down). ' +
        '1 control newly failing, 0 no longer failing; 3 new findings, 0 resolved, 0 suppressed.',
    );
  });

  it('has a table of domain deltas with every domain and the overall row', () => {
    expect(md).toContain('| Domain | Score | Previous | Change |\n| --- | ---: | ---: | ---: |');
    expect(md).toContain('| Identity and Access Management | 50.0 | 100.0 | -50.0 |');
    expect(md).toContain('| Detective Controls | no data | no data | n/a |');
    expect(md).toContain('| **Overall** | 75.0 | 80.0 | -5.0 |');
  });

  it('lists regressions, newly failing pairs and findings, escaping table syntax and HTML', () => {
    expect(md).toContain('| 111111111111 | prod, EU | 50.0 | 100.0 | -50.0 |');
    expect(md).not.toContain('| 222222222222 | dev');
    expect(md).toContain('## Newly failing (1)');
    expect(md).toContain('| 111111111111 | IAM.1 | CRITICAL | iam | Root \\| MFA |');
    expect(md).toContain('## No longer failing (0)\n\nNone.');
    expect(md).toContain('## New findings (3)');
    expect(md).toContain('Showing 1 of 3.');
    expect(md).toContain('=HYPERLINK\\("http://evil"\\) \\| &lt;b&gt;bucket&lt;/b&gt;');
  });

  it('escapes Markdown in free text', () => {
    expect(mdText('a*b_c[d](e)')).toBe('a\\*b\\_c\\[d\\]\\(e\\)');
    expect(mdText('two\nlines')).toBe('two lines');
    expect(mdText(null)).toBe('—');
  });
});

describe('weekly review as CSV', () => {
  const csv = weeklyReviewCsv(review);
  const lines = csv.split('\r\n');

  it('has one header and a section per row', () => {
    expect(lines[0]).toBe('section,key,name,accountId,controlId,findingId,severity,domain,title,current,previous,delta');
    expect(lines[1]).toBe('overall,overall,Overall,,,,,,,75,80,-5');
    expect(lines[2]).toBe('domain,iam,Identity and Access Management,,,,,,,50,100,-50');
    expect(lines).toContain('account,,"prod, EU",111111111111,,,,,,50,100,-50');
    expect(lines).toContain('newly_failing,,,111111111111,IAM.1,,CRITICAL,iam,Root | MFA,,,');
  });

  it('neutralises formulas in text cells', () => {
    expect(lines).toContain(`new_finding,,,111111111111,S3.1,17,HIGH,data-protection,"'=HYPERLINK(""http://evil"") | <b>bucket</b>",,,`);
  });
});
