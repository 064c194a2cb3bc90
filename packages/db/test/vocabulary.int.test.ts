import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_NAME_SOURCES,
  ACTOR_TYPES,
  CONTROL_SOURCES,
  DOMAIN_KEYS,
  FINDING_STATES,
  PAIR_STATUSES,
  ROLES,
  SEVERITY_LABELS,
  SYNC_KINDS,
  SYNC_PART_STATUSES,
  SYNC_RUN_STATUSES,
  SYNC_SOURCES,
  UNMAPPED_DOMAIN,
} from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../../testkit/src/index.ts';
import { withClient } from './support/pg.ts';

// Each CHECK constraint `{table}_{column}_check` of a vocabulary, with the values it must allow.
const VOCABULARIES: [constraint: string, values: readonly string[]][] = [
  ['account_name_source_check', ACCOUNT_NAME_SOURCES],
  ['control_source_check', CONTROL_SOURCES],
  ['control_severity_check', SEVERITY_LABELS],
  ['control_domain_check', DOMAIN_KEYS],
  ['domain_override_domain_check', DOMAIN_KEYS],
  ['finding_severity_label_check', SEVERITY_LABELS],
  ['finding_domain_check', DOMAIN_KEYS],
  ['finding_state_state_check', FINDING_STATES],
  ['finding_state_severity_label_check', SEVERITY_LABELS],
  ['pair_state_status_check', PAIR_STATUSES],
  ['account_day_source_check', CONTROL_SOURCES],
  ['account_day_domain_check', [UNMAPPED_DOMAIN, ...DOMAIN_KEYS]],
  ['org_day_source_check', CONTROL_SOURCES],
  ['org_day_domain_check', [UNMAPPED_DOMAIN, ...DOMAIN_KEYS]],
  ['control_day_domain_check', [UNMAPPED_DOMAIN, ...DOMAIN_KEYS]],
  ['sync_run_kind_check', SYNC_KINDS],
  ['sync_run_status_check', SYNC_RUN_STATUSES],
  ['sync_part_source_check', SYNC_SOURCES],
  ['sync_part_status_check', SYNC_PART_STATUSES],
  ['sync_cursor_source_check', SYNC_SOURCES],
  ['app_user_role_check', ROLES],
  ['api_token_role_check', ROLES],
  ['audit_log_actor_type_check', ACTOR_TYPES],
];

describe('vocabularies', () => {
  let db: TestDatabase;
  let definitions: Map<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    definitions = await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ name: string; definition: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE contype = 'c'`,
      );
      return new Map(rows.map((row) => [row.name, row.definition]));
    });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each(VOCABULARIES)('%s allows exactly the values exported from vocabulary.ts', (constraint, values) => {
    const definition = definitions.get(constraint);
    expect(definition, constraint).toBeDefined();
    const allowed = [...(definition ?? '').matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
    expect(allowed.sort()).toEqual([...values].sort());
  });
});
