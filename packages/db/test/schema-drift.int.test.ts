import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @pillar/testkit depends on @pillar/db, so this package reaches it by path rather than as a dependency.
import { createTestDatabase, type TestDatabase } from '../../testkit/src/index.ts';
import { readDatabaseShape } from './support/database-shape.ts';
import { expectedShape } from './support/prisma-shape.ts';
import { type DbShape, diffShapes } from './support/schema-shape.ts';
import { schemaPath } from './support/paths.ts';
import { withClient } from './support/pg.ts';

/** The schema with one edit (whitespace-insensitive); fails loudly when the text is not there. */
function edit(schema: string, from: string, to: string): string {
  const pattern = new RegExp(from.trim().split(/\s+/).map(escapeRegExp).join('\\s+'));
  if (!pattern.test(schema)) throw new Error(`schema.prisma no longer contains ${JSON.stringify(from)}`);
  return schema.replace(pattern, to);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('schema.prisma and the SQL migrations', () => {
  let db: TestDatabase;
  let schema: string;
  let migrated: DbShape;

  beforeAll(async () => {
    db = await createTestDatabase();
    schema = await readFile(schemaPath, 'utf8');
    migrated = await withClient(db.url, readDatabaseShape);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('build exactly the tables, columns, types, defaults, keys, indexes and foreign keys of the schema', () => {
    expect(diffShapes(expectedShape(schema), migrated)).toEqual([]);
    expect(Object.keys(migrated.tables).length).toBeGreaterThanOrEqual(19);
  });

  it('reports a field added to the schema without a migration', () => {
    const changed = edit(schema, 'removedAt DateTime?', 'region String\n  removedAt DateTime?');
    expect(diffShapes(expectedShape(changed), migrated)).toEqual([
      'column account.region: in the schema, missing in the database',
    ]);
  });

  it('reports an index added to the schema without a migration', () => {
    const changed = edit(schema, '@@index([awsUpdatedAt])', '@@index([awsUpdatedAt])\n  @@index([region, title])');
    expect(diffShapes(expectedShape(changed), migrated)).toEqual([
      'index finding_region_title_idx: INDEX finding USING btree (region, title) in the schema, missing in the database',
    ]);
  });

  it('reports a changed nullability', () => {
    const changed = edit(schema, 'generatorId String @map("generator_id")', 'generatorId String? @map("generator_id")');
    expect(diffShapes(expectedShape(changed), migrated)).toEqual([
      'column finding.generator_id: nullable in the schema, NOT NULL in the database',
    ]);
  });

  it('reports a changed type, default, index order and foreign-key action', () => {
    let changed = edit(schema, 'id String @id @db.VarChar(12)', 'id String @id @db.VarChar(20)');
    changed = edit(changed, '@default(0) @map("failed_resources")', '@default(1) @map("failed_resources")');
    changed = edit(changed, '@@index([at(sort: Desc)])', '@@index([at])');
    changed = edit(
      changed,
      'finding Finding @relation(fields: [findingId], references: [id], onDelete: Cascade)',
      'finding Finding @relation(fields: [findingId], references: [id], onDelete: Restrict)',
    );
    expect(diffShapes(expectedShape(changed), migrated)).toEqual([
      'column account.id: type character varying(20) in the schema, character varying(12) in the database',
      'column pair_state.failed_resources: default 1 in the schema, 0 in the database',
      'index audit_log_at_idx: INDEX audit_log USING btree (at) in the schema, INDEX audit_log USING btree (at DESC) in the database',
      'foreign key finding_state_finding_id_fkey: finding_state(finding_id) -> finding(id) ON DELETE Restrict ON UPDATE Cascade in the schema, ' +
        'finding_state(finding_id) -> finding(id) ON DELETE Cascade ON UPDATE Cascade in the database',
    ]);
  });

  it('reports a model added to the schema without a migration', () => {
    const changed = `${schema}\nmodel Extra {\n  id Int @id\n  @@map("extra")\n}\n`;
    expect(diffShapes(expectedShape(changed), migrated)).toEqual([
      'table extra: in the schema, missing in the database',
      'index extra_pkey: PRIMARY KEY extra USING btree (id) in the schema, missing in the database',
    ]);
  });

  it('reports columns, indexes and foreign keys that only the database has', async () => {
    const drifted = await withClient(db.url, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query('ALTER TABLE account ADD COLUMN note text');
        await client.query('CREATE INDEX finding_title_idx ON finding (title) WHERE is_open');
        await client.query('ALTER TABLE sync_cursor ADD CONSTRAINT sync_cursor_fkey FOREIGN KEY (account_id) REFERENCES account(id)');
        return await readDatabaseShape(client);
      } finally {
        await client.query('ROLLBACK');
      }
    });
    expect(diffShapes(expectedShape(schema), drifted)).toEqual([
      'column account.note: in the database, not in the schema',
      'index finding_title_idx: INDEX finding USING btree (title) [WHERE is_open] in the database, not in the schema',
      'foreign key sync_cursor_fkey: sync_cursor(account_id) -> account(id) ON DELETE NoAction ON UPDATE NoAction in the database, not in the schema',
    ]);
  });
});
