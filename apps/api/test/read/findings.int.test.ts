import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccounts, insertControls, insertDomainOverride, insertFindings, type FindingInput } from '@pillar/testkit';
import { expectBadRequest, readTestApp, type ReadTestApp } from './setup.ts';

const A = '111111111111';
const B = '222222222222';
const TODAY = new Date().toISOString().slice(0, 10);

type Item = {
  id: string;
  accountId: string;
  controlId: string | null;
  domain: string | null;
  title: string;
  severity: string;
  workflowStatus: string;
  resources: { Type?: string; Id: string }[];
  firstObservedAt: string;
  updatedAt: string;
};
type Page = { items: Item[]; nextCursor: string | null };

let t: ReadTestApp;
/** Ids of the 230 bulk findings, and of the special ones by name. */
let bulk: string[];
const special: Record<string, string> = {};

beforeAll(async () => {
  t = await readTestApp();
  const prisma = t.db.prisma;
  await insertAccounts(prisma, { id: A, name: 'Alpha' }, { id: B, name: 'Beta' });
  await insertControls(
    prisma,
    { id: 'S3.1', domain: 'data-protection', remediationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-1' },
    { id: 'IAM.1', domain: 'iam' },
    { id: 'cis-aws-foundations-benchmark/v/1.2.0/1.4', domain: 'iam', inCatalog: false },
  );
  // IAM.1 is mapped to detective from today on.
  await insertDomainOverride(prisma, { controlId: 'IAM.1', domain: 'detective', effectiveFrom: TODAY });

  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
  const inputs: FindingInput[] = Array.from({ length: 230 }, (_, i) => ({
    accountId: i % 2 === 0 ? A : B,
    controlId: i % 3 === 0 ? 'S3.1' : null,
    severityLabel: severities[i % 5],
    workflowStatus: i % 7 === 0 ? 'SUPPRESSED' : 'NEW',
    title: `Bulk finding ${i}`,
    resourceIds: [`arn:aws:s3:::bulk-${i}`],
  }));
  bulk = (await insertFindings(prisma, ...inputs)).map((f) => String(f.id));

  const [pct, underscore, formula, guardduty, cis, iam] = await insertFindings(
    prisma,
    { accountId: A, title: 'Coverage at 100% of buckets', resourceIds: ['arn:aws:s3:::pct'] },
    { accountId: A, title: 'Key a_b rotated', resourceIds: ['arn:aws:kms:us-east-1:111111111111:key/ab'] },
    { accountId: B, title: '=HYPERLINK("http://evil.example","click"), "quoted"', severityLabel: 'CRITICAL' },
    {
      accountId: B,
      productArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty',
      productName: 'GuardDuty',
      complianceStatus: null,
      domain: 'incident-response',
      title: 'SSH brute force against i-0abc',
      resourceIds: ['arn:aws:ec2:us-east-1:222222222222:instance/i-0abc'],
      resourceType: 'AwsEc2Instance',
    },
    { accountId: A, controlId: 'cis-aws-foundations-benchmark/v/1.2.0/1.4', title: 'Access keys rotated every 90 days' },
    {
      accountId: A,
      controlId: 'IAM.1',
      title: 'Root user has MFA',
      raw: {
        Id: 'iam-1',
        Resources: [
          { Type: 'AwsAccount', Id: 'AWS::::Account:111111111111', Region: 'us-east-1', Partition: 'aws' },
          { Type: 'AwsIamUser', Id: 'arn:aws:iam::111111111111:user/root' },
          { Id: 42 },
        ],
        Remediation: { Recommendation: { Url: 'https://docs.aws.amazon.com/console/securityhub/IAM.1/remediation' } },
      },
    },
  );
  Object.assign(special, Object.fromEntries(Object.entries({ pct, underscore, formula, guardduty, cis, iam }).map(([k, f]) => [k, String(f!.id)])));
});
afterAll(() => t.close());

async function page(query: string): Promise<Page> {
  const res = await t.get(`/api/v1/findings${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
}

/** Every page of a query, following nextCursor. */
async function allPages(query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = query.includes('?') ? '&' : '?';
    const body: Page = await page(cursor === null ? query : `${query}${sep}cursor=${cursor}`);
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 50);
  return { ids, pages };
}

const desc = (ids: string[]) => [...ids].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1));

describe('GET /api/v1/findings', () => {
  it('pages through every finding newest first, with no duplicates or gaps', async () => {
    const { ids, pages } = await allPages('?limit=100');
    expect(pages).toBe(3);
    expect(ids).toHaveLength(236);
    expect(new Set(ids).size).toBe(236);
    expect(ids).toEqual(desc([...bulk, ...Object.values(special)]));
  });

  it('defaults to 100 a page and accepts 1 to 500', async () => {
    const first = await page('');
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await page('?limit=1')).items).toHaveLength(1);
    const all = await page('?limit=500');
    expect(all.items).toHaveLength(236);
    expect(all.nextCursor).toBeNull();
  });

  it('shows a finding with its list fields', async () => {
    const body = await page(`?accountId=${B}&q=brute`);
    expect(body.items).toEqual([
      {
        id: special.guardduty,
        productArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty',
        productName: 'GuardDuty',
        accountId: B,
        region: 'us-east-1',
        controlId: null,
        domain: 'incident-response',
        title: 'SSH brute force against i-0abc',
        severity: 'MEDIUM',
        complianceStatus: null,
        workflowStatus: 'NEW',
        recordState: 'ACTIVE',
        resources: [{ Type: 'AwsEc2Instance', Id: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0abc' }],
        firstObservedAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });

  it('filters by account, control, severities (repeated) and open, across pages', async () => {
    const byAccount = await allPages(`?accountId=${A}&limit=50`);
    expect(byAccount.ids).toHaveLength(115 + 4);
    const control = await allPages('?controlId=S3.1&limit=30');
    expect(control.ids).toHaveLength(77); // i % 3 === 0 for i in 0..229
    const sev = await page('?severity=CRITICAL&severity=LOW&limit=500');
    // 46 bulk of each, plus the CRITICAL formula finding.
    expect(sev.items).toHaveLength(93);
    expect(new Set(sev.items.map((i) => i.severity))).toEqual(new Set(['CRITICAL', 'LOW']));
    expect((await page('?severity=HIGH&limit=500')).items).toHaveLength(46);
    const open = await page('?open=true&limit=500');
    // 33 suppressed bulk findings (i % 7 === 0) are not open.
    expect(open.items).toHaveLength(236 - 33);
    expect((await page('?open=false&limit=500')).items.every((i) => i.workflowStatus === 'SUPPRESSED')).toBe(true);
    const combined = await page(`?accountId=${A}&controlId=S3.1&severity=CRITICAL&open=true&limit=500`);
    // i even, i % 3 == 0, i % 5 == 0, i % 7 != 0: multiples of 30 below 230 except 0 and 210.
    expect(combined.items.map((i) => i.title).sort()).toEqual(['Bulk finding 120', 'Bulk finding 150', 'Bulk finding 180', 'Bulk finding 30', 'Bulk finding 60', 'Bulk finding 90']);
  });

  it("filters by domain: the control's domain today, or the product's", async () => {
    const detective = await page('?domain=detective');
    expect(detective.items.map((i) => [i.id, i.domain])).toEqual([[special.iam, 'detective']]);
    expect((await page('?domain=iam')).items.map((i) => i.id)).toEqual([special.cis]);
    expect((await page('?domain=incident-response')).items.map((i) => i.id)).toEqual([special.guardduty]);
    expect((await page('?domain=data-protection&limit=500')).items).toHaveLength(77);
  });

  it('searches control id, title and resource ids, case-insensitively, with % and _ taken literally', async () => {
    expect((await page('?q=100%25')).items.map((i) => i.id)).toEqual([special.pct]);
    expect((await page('?q=a_b')).items.map((i) => i.id)).toEqual([special.underscore]);
    // `_` would match any character if it were not escaped.
    expect((await page('?q=a_c')).items).toEqual([]);
    expect((await page('?q=ROOT%20USER')).items.map((i) => i.id)).toEqual([special.iam]);
    expect((await page('?q=cis-aws-foundations')).items.map((i) => i.id)).toEqual([special.cis]);
    expect((await page('?q=bulk-229')).items.map((i) => i.title)).toEqual(['Bulk finding 229']);
    const bulkQ = await allPages('?q=bulk%20finding%201&limit=40');
    // "Bulk finding 1", 10-19, 100-199: 111 findings.
    expect(bulkQ.ids).toHaveLength(111);
    expect(new Set(bulkQ.ids).size).toBe(111);
  });

  it('streams every page as CSV with quoting and formula neutralised', async () => {
    const res = await t.http.get('/api/v1/findings?limit=10').set(t.viewer).set('accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="findings-${TODAY}.csv"`);
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(
      'id,accountId,region,productName,controlId,domain,severity,title,complianceStatus,workflowStatus,recordState,resourceType,resourceIds,firstObservedAt,updatedAt,productArn',
    );
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 236 + 1);
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(desc([...bulk, ...Object.values(special)]));
    const formulaLine = lines.find((l) => l.startsWith(`${special.formula},`));
    expect(formulaLine).toContain(`,"'=HYPERLINK(""http://evil.example"",""click""), ""quoted""",`);
  });

  it('applies the filters to the CSV export', async () => {
    const res = await t.http.get(`/api/v1/findings?accountId=${B}&q=brute`).set(t.viewer).set('accept', 'text/csv');
    expect(res.text.split('\r\n')).toHaveLength(3);
    expect(res.text).toContain(`${special.guardduty},${B},us-east-1,GuardDuty,,incident-response,MEDIUM,SSH brute force against i-0abc,`);
  });

  it.each([
    ['limit 0', '?limit=0'],
    ['limit 501', '?limit=501'],
    ['a non-numeric limit', '?limit=ten'],
    ['an unknown severity', '?severity=SEVERE'],
    ['one bad severity among good ones', '?severity=HIGH&severity=nope'],
    ['open=yes', '?open=yes'],
    ['q over 200 characters', `?q=${'x'.repeat(201)}`],
    ['q with a NUL', '?q=a%00b'],
    ['a cursor it did not give', '?cursor=bm90LWFuLWlk'],
    ['a garbage cursor', '?cursor=%%%'],
    ['a malformed account id', '?accountId=11111111111'],
    ['an unknown domain', '?domain=network'],
    ['a control id with spaces', '?controlId=IAM%201'],
  ])('refuses %s with 400', async (_label, query) => {
    expectBadRequest(await t.get(`/api/v1/findings${query}`));
  });

  it('accepts 200 characters of q', async () => {
    expect((await page(`?q=${'x'.repeat(200)}`)).items).toEqual([]);
  });

  it('answers 404 for an unknown account', async () => {
    expect((await t.get('/api/v1/findings?accountId=999999999999')).status).toBe(404);
  });
});

describe('GET /api/v1/findings/:id', () => {
  it("gives the finding's raw ASFF, its resources and the control's remediation link", async () => {
    const res = await t.get(`/api/v1/findings/${bulk[0]}`);
    expect(res.status).toBe(200);
    const body = res.body as Item & { raw: { Title: string }; remediationUrl: string };
    expect(body).toMatchObject({ id: bulk[0], controlId: 'S3.1', domain: 'data-protection', title: 'Bulk finding 0' });
    expect(body.raw.Title).toBe('Bulk finding 0');
    expect(body.remediationUrl).toBe('https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-1');
  });

  it("falls back to the finding's own remediation URL and reads every resource from the ASFF", async () => {
    const body = (await t.get(`/api/v1/findings/${special.iam}`)).body as Item & { remediationUrl: string | null };
    expect(body.remediationUrl).toBe('https://docs.aws.amazon.com/console/securityhub/IAM.1/remediation');
    expect(body.resources).toEqual([
      { Type: 'AwsAccount', Id: 'AWS::::Account:111111111111', Region: 'us-east-1', Partition: 'aws' },
      { Type: 'AwsIamUser', Id: 'arn:aws:iam::111111111111:user/root' },
    ]);
    expect(((await t.get(`/api/v1/findings/${special.pct}`)).body as { remediationUrl: unknown }).remediationUrl).toBeNull();
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await t.get('/api/v1/findings/999999999')).status).toBe(404);
    expectBadRequest(await t.get('/api/v1/findings/abc'));
    expectBadRequest(await t.get('/api/v1/findings/0'));
  });
});
