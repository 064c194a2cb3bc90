import { endPart, inTransaction, markPageStored, partCompletion, registerPage, unfinishedRuns, type PartKey, type PendingJob } from '@pillar/db';
import { createTestDatabase, type TestDatabase } from '@pillar/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Pages of a Security Hub part are fetched ahead of being stored (jobs/securityhub-page.ts): the part may end
// only when its last page is known and every registered page is stored, whatever order the stores commit in.

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

const part: PartKey = { source: 'securityhub', accountId: '*', region: 'us-east-1' };

async function newRun(): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO sync_run (kind, as_of, requested_by, parts_total) VALUES ('incremental', '2026-11-01', 'test', 1) RETURNING id::text`,
  );
  const runId = rows[0]?.id ?? '';
  await pool.query(`INSERT INTO sync_part (sync_run_id, source, account_id, region, status) VALUES ($1, 'securityhub', '*', 'us-east-1', 'running')`, [runId]);
  return runId;
}

const job = (runId: string, page: number): PendingJob => ({
  name: 'securityhub.page',
  payload: { runId, region: part.region, mode: { kind: 'initial' }, page },
  jobId: `${runId}.sh.${part.region}.${page}`,
});

/** One page's store transaction: marks it stored, registers the next page, records the last one. */
const store = (runId: string, page: number, next: number | null, last: string | null = null) =>
  inTransaction(pool, (sql) =>
    markPageStored(sql, runId, part, { page, job: job(runId, page) }, next === null ? null : { page: next, job: job(runId, next) }, next === null ? { cursor: last } : null),
  );

const pendingPages = async (runId: string) =>
  ((await unfinishedRuns(pool, -60_000)).find((r) => r.id === runId)?.pending ?? []).map((j) => (j.payload as { page: number }).page).sort();

describe('a paged part with fetching ahead of storing', () => {
  it('completes only once its last page is stored and every registered page is, whatever the commit order', async () => {
    const runId = await newRun();
    await registerPage(pool, runId, part, 0, job(runId, 0));
    expect(await pendingPages(runId)).toEqual([0]);

    // Page 1 stores first (its job ran before page 0 committed), then the last page 2.
    await store(runId, 1, 2);
    expect(await partCompletion(pool, runId, part)).toMatchObject({ complete: false });
    await store(runId, 2, null, '2026-11-01T10:00:00.000Z');
    expect(await partCompletion(pool, runId, part)).toMatchObject({ complete: false });
    expect(await pendingPages(runId)).toEqual([0]);

    // Page 0 commits last: it registers page 1, which stays stored.
    await store(runId, 0, 1);
    expect(await partCompletion(pool, runId, part)).toEqual({ complete: true, cursor: '2026-11-01T10:00:00.000Z' });
    expect(await pendingPages(runId)).toEqual([]);

    // A retried page changes nothing; once the part ended, no page job finds it complete again.
    await store(runId, 1, 2);
    expect(await partCompletion(pool, runId, part)).toMatchObject({ complete: true });
    await endPart(pool, runId, part, { ok: true });
    expect(await partCompletion(pool, runId, part)).toMatchObject({ complete: false });
    const { rows } = await pool.query(`SELECT 1 FROM sync_page WHERE sync_run_id = $1::uuid`, [runId]);
    expect(rows).toHaveLength(0);
  });

  it('waits for a page registered but not stored, and offers its job to the watchdog', async () => {
    const runId = await newRun();
    await registerPage(pool, runId, part, 0, job(runId, 0));
    await store(runId, 0, 1);
    // Page 1's store rolled back (a crash): page 2 was already enqueued by it, but only a committed store registers.
    await expect(
      inTransaction(pool, async (sql) => {
        await markPageStored(sql, runId, part, { page: 1, job: job(runId, 1) }, { page: 2, job: job(runId, 2) }, null);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    await store(runId, 2, null, null);
    expect(await partCompletion(pool, runId, part)).toMatchObject({ complete: false });
    expect(await pendingPages(runId)).toEqual([1]);
    await store(runId, 1, 2);
    expect(await partCompletion(pool, runId, part)).toEqual({ complete: true, cursor: null });
  });

  it('completes a part whose pages were enqueued before pages were registered (a run across an upgrade)', async () => {
    const runId = await newRun();
    await inTransaction(pool, (sql) => markPageStored(sql, runId, part, { page: 7, job: job(runId, 7) }, null, { cursor: '2026-11-01T00:00:00.000Z' }));
    expect(await partCompletion(pool, runId, part)).toEqual({ complete: true, cursor: '2026-11-01T00:00:00.000Z' });
  });
});
