import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsOn, findingsPage } from '../../src/index.ts';
import { createTestDatabase, insertAccounts, insertControls, type TestDatabase } from '../../../testkit/src/index.ts';
import { describePlan, explaining } from './explain.ts';

// The two heaviest reads, on realistic tables (thousands of rows, ANALYZEd): the planner must walk an index,
// never scan the table. docs/architecture.md names the access paths.

let db: TestDatabase;
const TODAY = '2026-11-29';
const ACCOUNTS = 80;
const DOMAINS = ['', 'iam', 'detective', 'infrastructure', 'data-protection', 'incident-response'];

beforeAll(async () => {
  db = await createTestDatabase();
  const prisma = db.prisma;
  const accounts = await insertAccounts(prisma, ...Array.from({ length: ACCOUNTS }, (_, i) => ({ id: String(500_000_000_000 + i) })));
  await insertControls(prisma, ...Array.from({ length: 40 }, (_, i) => ({ id: `Ctl.${i}`, title: `Control number ${i} is enabled` })));
  const ids = accounts.map((a) => a.id);

  // Findings: 6,000 across accounts and controls, titles from a small vocabulary, unique resource ids, and rows as
  // wide as real ones (~1 kB in the heap: ARNs, a few kB of ASFF). Generated in SQL: the factories' one-statement
  // inserts are slow at this size.
  await prisma.$executeRaw`
    INSERT INTO finding (product_arn, finding_id, account_id, region, control_id, product_name, generator_id, title,
      severity_label, compliance_status, workflow_status, record_state, is_control_check, counts_for_score, is_open,
      resource_type, resource_ids, first_observed_at, aws_created_at, aws_updated_at, content_hash, raw,
      first_seen_sync_id, last_seen_sync_id)
    SELECT 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
      'arn:aws:securityhub:us-east-1:' || (${ids}::text[])[1 + i % ${ACCOUNTS}] || ':security-control/Ctl.' || (i % 40) || '/finding/' || md5(i::text),
      (${ids}::text[])[1 + i % ${ACCOUNTS}],
      'us-east-1', CASE WHEN i % 4 = 0 THEN NULL ELSE 'Ctl.' || (i % 40) END, 'Security Hub',
      'security-control/Ctl.' || (i % 40),
      'The ' || w.word || ' should be encrypted (' || (i % 40) || ')',
      (ARRAY['CRITICAL','HIGH','MEDIUM','LOW','INFORMATIONAL'])[1 + i % 5], 'FAILED', 'NEW', 'ACTIVE',
      i % 4 <> 0, i % 4 <> 0, true, 'AwsS3Bucket', ARRAY['arn:aws:s3:::' || w.word || '-' || i],
      now(), now(), now(), md5(i::text) || md5(i::text),
      jsonb_build_object('Id', i, 'Description', repeat(md5(i::text) || md5((i + 1)::text) || ' ', 40),
        'Remediation', jsonb_build_object('Recommendation', jsonb_build_object('Text', repeat('Fix it. ', 40)))),
      gen_random_uuid(), gen_random_uuid()
    FROM generate_series(0, 5999) AS i
    CROSS JOIN LATERAL (SELECT (ARRAY['bucket','instance','volume','role','key','trail','group','function','table','queue'])[1 + i % 10] AS word) AS w`;

  // account_day: per account, '*' and two regions x 2 sources x 6 domains, each key with 5 versions over the year.
  await prisma.$executeRaw`
    INSERT INTO account_day (account_id, region, source, domain, passed, failed, from_day, to_day)
    SELECT a, r, s, d, v.n + 1, 2, v.from_day, v.to_day
    FROM unnest(${ids}::text[]) AS a
    CROSS JOIN unnest(ARRAY['*', 'us-east-1', 'eu-west-1']) AS r
    CROSS JOIN unnest(ARRAY['securityhub', 'config']) AS s
    CROSS JOIN unnest(${DOMAINS}::text[]) AS d
    CROSS JOIN (VALUES (0, '2026-01-05'::date, '2026-04-01'::date), (1, '2026-04-01', '2026-07-01'),
      (2, '2026-07-01', '2026-09-15'), (3, '2026-09-15', '2026-11-02'), (4, '2026-11-02', NULL)) AS v(n, from_day, to_day)`;
  // As autovacuum leaves them: statistics gathered and the trigram index's pending list (fastupdate) merged. Right
  // after a bulk insert, unmerged pending entries make the GIN index look dearer than a sequential scan.
  await prisma.$executeRawUnsafe('VACUUM ANALYZE finding');
  await prisma.$executeRawUnsafe('VACUUM ANALYZE account_day');
}, 240_000);

afterAll(() => db.drop());

describe('query plans', () => {
  it('has realistic row counts', async () => {
    expect(await db.prisma.finding.count()).toBe(6000);
    expect(await db.prisma.accountDay.count()).toBe(ACCOUNTS * 3 * 2 * 6 * 5);
  });

  it('searches findings with q through an index, never a sequential scan of finding', async () => {
    const { db: explain, plans } = explaining(db.prisma);
    // Selective: one match, found through the trigram index.
    await findingsPage(explain, { filter: { q: 'volume-4242' }, limit: 100, day: TODAY });
    // Broader: 111 matches; the planner may walk the primary key backwards instead, also an index.
    await findingsPage(explain, { filter: { q: 'volume-42' }, limit: 100, day: TODAY });
    await findingsPage(explain, { filter: { q: 'volume-42', accountId: '500000000002' }, limit: 100, day: TODAY });
    await findingsPage(explain, { filter: { q: 'volume-4', severities: ['HIGH'], open: true }, beforeId: 5000n, limit: 100, day: TODAY });
    expect(plans).toHaveLength(4);
    for (const plan of plans) {
      const nodes = describePlan(plan);
      expect(nodes, nodes.join('\n')).not.toContain('Seq Scan on finding');
      expect(nodes.some((n) => n.includes('Index Scan') && n.includes('finding_')), nodes.join('\n')).toBe(true);
    }
    expect(describePlan(plans[0]!), describePlan(plans[0]!).join('\n')).toContain('Bitmap Index Scan using finding_search_text_idx');
  });

  it('pages findings without q through an index in id order', async () => {
    const { db: explain, plans } = explaining(db.prisma);
    await findingsPage(explain, { filter: {}, beforeId: 3000n, limit: 100, day: TODAY });
    await findingsPage(explain, { filter: { accountId: '500000000007' }, limit: 100, day: TODAY });
    for (const plan of plans) expect(describePlan(plan)).not.toContain('Seq Scan on finding');
  });

  it('reads every account on a day through the (region, to_day) index, never a sequential scan of account_day', async () => {
    const { db: explain, plans } = explaining(db.prisma);
    await accountsOn(explain, { day: TODAY });
    await accountsOn(explain, { day: '2026-11-20' });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      const nodes = describePlan(plan);
      expect(nodes, nodes.join('\n')).not.toContain('Seq Scan on account_day');
      expect(nodes.filter((n) => n.endsWith('using account_day_region_to_day_idx')), nodes.join('\n')).toHaveLength(2);
    }
  });
});
