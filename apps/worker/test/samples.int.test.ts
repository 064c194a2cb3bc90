import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractFindings } from '@pillar/domain';
import { createTestDatabase, type TestDatabase } from '@pillar/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage, storePage } from '../src/jobs/securityhub-page.ts';

const DIR = fileURLToPath(new URL('../../../packages/testkit/fixtures/aws-samples/asff/', import.meta.url));
const RUN = '00000000-0000-4000-8000-000000000001';

type Raw = { Id?: unknown; AwsAccountId?: unknown };

describe('the real ASFF samples through the ingestion parser and storage', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  const raws = files.flatMap((f) => extractFindings(JSON.parse(readFileSync(DIR + f, 'utf8'))) as Raw[]);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query(`INSERT INTO sync_run (id, kind, as_of, requested_by) VALUES ($1, 'full', '2026-11-01', 'test')`, [RUN]);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('stores every sample finding with a 12-digit account and reports the others with a reason', async () => {
    expect(files.length).toBe(150);
    const { rows, rejected } = parsePage(raws);
    const real = raws.filter((r) => typeof r.AwsAccountId === 'string' && /^\d{12}$/.test(r.AwsAccountId));
    const placeholders = raws.filter((r) => !(typeof r.AwsAccountId === 'string' && /^\d{12}$/.test(r.AwsAccountId)));
    expect(placeholders.length).toBeGreaterThan(0);
    for (const r of rejected) expect(r.reason).not.toBe('');
    expect(rejected.filter((r) => r.reason === 'placeholder/invalid account id').length).toBe(placeholders.length);

    await storePage(pool, RUN, rows, false);
    // The samples repeat one finding: stored once per natural key (Id + ProductArn).
    const keys = new Set(rows.map((r) => `${r.finding.productArn} ${r.finding.id}`));
    const { rows: count } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM finding');
    expect(count[0]?.n).toBe(keys.size);
    expect(keys.size).toBeLessThan(rows.length + 1);
    const accepted = new Set(rows.map((r) => r.finding.id));
    for (const r of real) if (typeof r.Id === 'string' && rejected.every((x) => x.id !== r.Id)) expect(accepted.has(r.Id)).toBe(true);
  });

  it('keeps both control formats and the region of findings that carry none', async () => {
    const { rows } = await pool.query<{ control_id: string | null; region: string; n: number }>(
      `SELECT control_id, region, count(*)::int AS n FROM finding WHERE is_control_check GROUP BY 1, 2`,
    );
    const ids = rows.map((r) => r.control_id ?? '');
    expect(ids.some((id) => /^[A-Za-z0-9]+\.\d+$/.test(id))).toBe(true);
    expect(ids.some((id) => id.startsWith('cis-aws-foundations-benchmark/v/'))).toBe(true);
    const noRegion = raws.filter((r) => typeof r.AwsAccountId === 'string' && /^\d{12}$/.test(r.AwsAccountId) && !('Region' in r));
    expect(noRegion.length).toBeGreaterThan(0);
    const { rows: regions } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM finding WHERE region = ''`);
    expect(regions[0]?.n).toBe(0);
  });

  it('storing the same page again rewrites nothing', async () => {
    const { rows } = parsePage(raws);
    const result = await storePage(pool, RUN, rows, false);
    expect(result.written).toBe(0);
  });
});
