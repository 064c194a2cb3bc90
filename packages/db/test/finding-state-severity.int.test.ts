import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate } from '../src/index.ts';
import { createTestDatabase, insertAccounts, insertFindings, type TestDatabase } from '../../testkit/src/index.ts';
import { tempMigrations, type TempMigrations } from './support/migrations-dir.ts';
import { withClient } from './support/pg.ts';

const SEVERITY = '20261130120000_finding_state_severity';

// The migration that adds finding_state.severity_label, applied to a database that already has history.
describe(`migration ${SEVERITY}`, () => {
  let db: TestDatabase;
  let temp: TempMigrations;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const names = (await readdir(defaultMigrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    const sql = async (name: string) => readFile(path.join(defaultMigrationsDir, name, 'migration.sql'), 'utf8');
    temp = await tempMigrations();
    for (const name of names.filter((n) => n < SEVERITY)) await temp.write(name, await sql(name));
    db = await createTestDatabase({ migrate: false });
    await migrate({ databaseUrl: db.url, migrationsDir: temp.dir });

    await insertAccounts(db.prisma, { id: '111111111111' });
    const [high, info] = await insertFindings(
      db.prisma,
      { accountId: '111111111111', severityLabel: 'HIGH' },
      { accountId: '111111111111', severityLabel: 'INFORMATIONAL', complianceStatus: 'PASSED' },
    );
    ids.high = String(high!.id);
    ids.info = String(info!.id);
    await withClient(db.url, (client) =>
      client.query(
        `INSERT INTO finding_state (finding_id, from_day, to_day, is_open, state, compliance_status, workflow_status) VALUES
           ($1, '2026-03-01', '2026-03-05', true, 'open', 'FAILED', 'NEW'),
           ($1, '2026-03-05', NULL, false, 'resolved', 'FAILED', 'RESOLVED'),
           ($2, '2026-03-01', NULL, false, 'passed', 'PASSED', 'NEW')`,
        [ids.high, ids.info],
      ),
    );
    await temp.write(SEVERITY, await sql(SEVERITY));
    expect((await migrate({ databaseUrl: db.url, migrationsDir: temp.dir })).applied).toEqual([SEVERITY]);
  });
  afterAll(async () => {
    await db?.drop();
    await temp?.remove();
  });

  it("backfills every existing interval with its finding's current severity", async () => {
    const rows = await withClient(db.url, async (client) =>
      (
        await client.query<{ id: string; from_day: string; severity_label: string | null }>(
          `SELECT finding_id::text AS id, to_char(from_day, 'YYYY-MM-DD') AS from_day, severity_label FROM finding_state ORDER BY 1, 2`,
        )
      ).rows,
    );
    expect(rows).toEqual([
      { id: ids.high, from_day: '2026-03-01', severity_label: 'HIGH' },
      { id: ids.high, from_day: '2026-03-05', severity_label: 'HIGH' },
      { id: ids.info, from_day: '2026-03-01', severity_label: 'INFORMATIONAL' },
    ]);
  });

  it('leaves the column nullable (not recorded) and allows only the severity labels', async () => {
    await withClient(db.url, async (client) => {
      await client.query(
        `INSERT INTO finding_state (finding_id, from_day, is_open, state, compliance_status, workflow_status) VALUES ($1, '2026-04-01', true, 'open', 'FAILED', 'NEW')`,
        [ids.info],
      );
      await expect(
        client.query(
          `INSERT INTO finding_state (finding_id, from_day, is_open, state, compliance_status, workflow_status, severity_label)
           VALUES ($1, '2026-04-02', true, 'open', 'FAILED', 'NEW', 'SEVERE')`,
          [ids.info],
        ),
      ).rejects.toThrow(/finding_state_severity_label_check/);
    });
  });
});
