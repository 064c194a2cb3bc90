// Generated history at the design target (issue "Proof at scale"): 1,000 accounts x 300 controls x 365 days plus
// 2M findings, written straight into the product's own tables with set-based SQL, shaped as the worker's
// finalisation (packages/db/src/write/history.ts) stores them:
//
// - control: the FSBP catalog as the worker upserts it (upsertControls(catalogControls())), plus 30 `config:` rules
//   (controlFromConfigRule); 270 catalog controls + the 30 rules are the 300 controls every account is evaluated on.
// - pair_state: one row per (account, region, control) per change, 9 regions plus the combined '*' rows, derived
//   exactly from the regional rows (FAILED > UNKNOWN > PASSED > NO_DATA, failed resources summed, status_since =
//   start of the run of the same status). A pair's regions mostly share its status (3% differ); changes come as
//   incidents (a region flips, and flips back 1-45 days later): ~70% of pairs have none in the year, ~20% have
//   1-2, ~10% 3-10, so that about 3% of pairs change in any week.
// - finding + finding_state: 85% control checks, the rest GuardDuty, Inspector, Macie, IAM Access Analyzer (the
//   product domains) and a partner product (unmapped); 55% exist before the first recorded day, the others appear
//   during the year; ~55% have at least one state change (open <-> passed/resolved, archived, suppressed, gone).
//   Ids follow first appearance, as the worker assigns them.
// - account_day: intervals computed from pair_state and finding_state (pair counts by status, open findings by
//   severity) per account x region ('*' too) x source x domain ('' = unmapped); a row only where a count changes.
// - org_day / control_day: for every recorded day, the sums of the rows in force (what finalisation writes).
// - sync_run + recorded_day: one scheduled run a day (full on Sundays), a few days without a successful sync
//   (carry-forward), a few partial runs.
// Not generated (no benchmarked read touches them): sync_part, config_rule*, config_evaluation, domain_override.
//
// Rows of the interval tables are inserted in the order of the day they were last written (to_day when closed),
// which is the physical order the worker's appends and updates leave behind. Secondary indexes are dropped
// during the load and recreated with their own definitions; tables are VACUUM ANALYZEd at the end.
//
// Usage: tsx bench/history-fixture.ts [--scale 1] [--keep]   (or through `pnpm bench read|load`)
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { migrate, upsertControls, type ControlRow } from '@pillar/db';
import { testServerUrl } from '@pillar/testkit';
import { catalogControls, controlFromConfigRule } from '../apps/worker/src/controls.ts';
import { fsbpCatalog } from '../packages/domain/src/index.ts';
import { arg } from './common.ts';

/** Bumped whenever the generated shape changes: a kept database of another version is regenerated. */
const FIXTURE_VERSION = 1;
const DB_PREFIX = 'pillar_bench_read_';
const DAY_MS = 86_400_000;

export const FIXTURE_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'eu-west-2',
  'ap-southeast-1',
  'ap-northeast-1',
  'ca-central-1',
] as const;
/** Share of findings per region (same order), cumulative thresholds are derived from it. */
const REGION_WEIGHTS = [0.3, 0.1, 0.14, 0.14, 0.1, 0.06, 0.07, 0.05, 0.04];

const CATALOG_CONTROLS = 270;
/** Config rules evaluated as `config:` controls: 25 managed rules (mapped through the catalog) + 5 custom (unmapped). */
const CUSTOM_CONFIG_RULES = ['required-tags', 'approved-amis-by-id', 'org-vpc-endpoint-policy', 'org-backup-plan-tagged', 'org-cost-center-tag'];
const CONFIG_CONTROLS = 30;

export type FixtureMeta = {
  version: number;
  scale: number;
  accounts: number;
  controls: number;
  findings: number;
  days: number;
  recordedDays: number;
  firstDay: string;
  lastDay: string;
  regions: string[];
  generatedAt: string;
  generationSeconds: number;
  rows: Record<string, number>;
  sizes: Record<string, string>;
  databaseSize: string;
};

export type HistoryFixture = {
  name: string;
  url: string;
  meta: FixtureMeta;
  /** True when an existing database was used instead of generating one. */
  reused: boolean;
  kept: boolean;
  /** Drops the database unless it is kept (--keep) or was given (--db). */
  release(): Promise<void>;
};

export type FixtureOptions = {
  scale: number;
  /** Keep the database (named after the scale) and reuse it on the next run. */
  keep: boolean;
  /** Use this existing fixture database (never dropped). */
  db?: string | undefined;
  log?: (line: string) => void;
};

/** --scale (default 1), --keep, --db NAME from the command line. */
export function fixtureOptionsFromArgs(defaultScale = 1): FixtureOptions {
  const db = arg('db', '');
  return { scale: Number(arg('scale', String(defaultScale))), keep: process.argv.includes('--keep'), db: db === '' ? undefined : db };
}

export function keptDatabaseName(scale: number): string {
  return `${DB_PREFIX}s${String(scale).replace(/[^0-9]/g, '_')}`;
}

function urlFor(database: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl(), application_name: 'pillar-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** The fixture description stored as the database's comment; null when absent (incomplete or not a fixture). */
async function readMeta(name: string): Promise<FixtureMeta | null> {
  const { rows } = await withServer((c) =>
    c.query<{ exists: boolean; comment: string | null }>(
      `SELECT true AS exists, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    ),
  );
  const comment = rows[0]?.comment;
  if (!comment) return null;
  try {
    const meta = JSON.parse(comment) as FixtureMeta;
    return meta.version === FIXTURE_VERSION ? meta : null;
  } catch {
    return null;
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const { rowCount } = await withServer((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  return rowCount === 1;
}

/** Opens the fixture: an existing one (--db, or a kept one of the same scale), else a freshly generated one. */
export async function openHistoryFixture(opts: FixtureOptions): Promise<HistoryFixture> {
  const log = opts.log ?? ((line: string) => console.log(line));
  if (opts.db !== undefined) {
    const meta = await readMeta(opts.db);
    if (meta === null) throw new Error(`database ${opts.db} is not a complete history fixture (version ${FIXTURE_VERSION})`);
    await migrate({ databaseUrl: urlFor(opts.db), createDatabase: false });
    log(`fixture: using database ${opts.db} (scale ${meta.scale}, ${meta.firstDay}..${meta.lastDay}, generated ${meta.generatedAt})`);
    return { name: opts.db, url: urlFor(opts.db), meta, reused: true, kept: true, release: () => Promise.resolve() };
  }
  const name = opts.keep ? keptDatabaseName(opts.scale) : `${DB_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  if (opts.keep) {
    const meta = await readMeta(name);
    if (meta !== null) {
      // Migrations added since it was generated (the product's own runner; a no-op when none is pending).
      await migrate({ databaseUrl: urlFor(name), createDatabase: false });
      log(`fixture: reusing kept database ${name} (scale ${meta.scale}, ${meta.firstDay}..${meta.lastDay}, generated ${meta.generatedAt})`);
      return { name, url: urlFor(name), meta, reused: true, kept: true, release: () => Promise.resolve() };
    }
    if (await databaseExists(name)) {
      log(`fixture: ${name} exists but is incomplete or of another version: regenerating`);
      await dropDatabase(name);
    }
  }
  const url = urlFor(name);
  await withServer((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  try {
    await migrate({ databaseUrl: url, createDatabase: false });
    const meta = await generateHistory(url, opts.scale, log);
    await withServer((c) => c.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${pgLiteral(JSON.stringify(meta))}`));
    log(`fixture: database ${name}${opts.keep ? ' (kept: pass --keep again to reuse it, or --db ' + name + ')' : ' (dropped at the end)'}`);
    return { name, url, meta, reused: false, kept: opts.keep, release: () => (opts.keep ? Promise.resolve() : dropDatabase(name)) };
  } catch (error) {
    await dropDatabase(name).catch(() => undefined);
    throw error;
  }
}

function pgLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** mulberry32: a small seeded PRNG, so that the choices made in JS are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** ASFF resource type of a catalog resource type: AWS::S3::Bucket -> AwsS3Bucket. */
function asffType(resourceType: string | null): string {
  if (!resourceType) return 'Other';
  const parts = resourceType.split('::').filter((p) => p !== '' && p !== 'AWS');
  return parts.length === 0 ? 'AwsAccount' : `Aws${parts.join('')}`;
}

/** The 300 controls of the fixture: rows for `control` (through the product's upsert) and the fixture's own list. */
function fixtureControls(rand: () => number): { rows: ControlRow[]; chosen: { id: string; resourceType: string; failP: number }[] } {
  const catalog = catalogControls();
  const shuffled = [...catalog].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => ({ c, k: rand() }));
  shuffled.sort((x, y) => x.k - y.k);
  const picked = shuffled.slice(0, CATALOG_CONTROLS).map((x) => x.c);
  const managed = fsbpCatalog.controls
    .map((c) => c.configRule)
    .filter((r): r is string => r !== null && !r.startsWith('securityhub-'))
    .sort();
  const ruleNames = [...new Set(managed)].filter((_, i) => i % 13 === 0).slice(0, CONFIG_CONTROLS - CUSTOM_CONFIG_RULES.length);
  const configRows = [...ruleNames, ...CUSTOM_CONFIG_RULES].map((name) => controlFromConfigRule(name));
  // Failure propensity per control: most controls fail rarely, a few fail in many accounts.
  const chosen = [
    ...picked.map((c) => ({ id: c.id, resourceType: asffType(fsbpCatalog.byId(c.id)?.resourceType ?? null), failP: 0.02 + 0.55 * rand() ** 3 })),
    ...configRows.map((c) => ({ id: c.id, resourceType: 'AwsConfigResource', failP: 0.02 + 0.55 * rand() ** 3 })),
  ];
  return { rows: [...catalog, ...configRows], chosen };
}

type Step = { label: string; sql: string; params?: unknown[] };

/** Generates the history into an empty, migrated database. */
export async function generateHistory(url: string, scale: number, log: (line: string) => void): Promise<FixtureMeta> {
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], got ${scale}`);
  const started = performance.now();
  const rand = seededRandom(20261129);
  const A = Math.max(2, Math.round(1000 * scale));
  const F = Math.max(100, Math.round(2_000_000 * scale));
  const DAYS = 365;
  const todayMs = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const lastDay = dayText(todayMs);
  const firstDay = dayText(todayMs - (DAYS - 1) * DAY_MS);
  // A few days without a successful sync (their state is carried forward); never the first or the last week.
  const skipped = new Set<number>();
  while (skipped.size < 4) skipped.add(10 + Math.floor(rand() * (DAYS - 20)));
  const skippedDays = [...skipped].sort((a, b) => a - b).map((n) => dayText(todayMs - (DAYS - 1 - n) * DAY_MS));
  const N = DAYS - skipped.size;
  log(`fixture: generating ${A} accounts x 300 controls x ${DAYS} days (${N} recorded) x ${FIXTURE_REGIONS.length} regions, ${F} findings (scale ${scale})`);

  const client = new pg.Client({ connectionString: url, application_name: 'pillar-bench-fixture' });
  await client.connect();
  const rows: Record<string, number> = {};
  try {
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET TimeZone = 'UTC'`);
    await client.query(`SET temp_buffers = '1GB'`);
    await client.query(`SET work_mem = '256MB'`);
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query(`SELECT setseed(0.2026)`);

    // The product's own control upsert, as the worker does at start and on Config pulls.
    const controls = fixtureControls(rand);
    await upsertControls(client, controls.rows, { refresh: true });

    // Secondary indexes go during the load and come back with their exact definitions; FK triggers are skipped
    // (session_replication_role) since every reference is generated from the rows just written. CHECKs still apply.
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = 'public' AND i.tablename IN ('pair_state', 'finding', 'finding_state', 'account_day', 'org_day', 'control_day')
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')`,
    );
    for (const ix of indexes) await client.query(`DROP INDEX ${quoteIdent(ix.indexname)}`);
    await client.query(`SET session_replication_role = replica`);

    const regionValues = FIXTURE_REGIONS.map((r, i) => `(${i + 1}, '${r}')`).join(', ');
    let acc = 0;
    const regionCase = REGION_WEIGHTS.map((w, i) => {
      acc += w;
      return i === REGION_WEIGHTS.length - 1 ? `ELSE ${i + 1}` : `WHEN ur < ${acc.toFixed(4)} THEN ${i + 1}`;
    }).join(' ');
    const controlJson = JSON.stringify(controls.chosen.map((c, i) => ({ id: c.id, resource_type: c.resourceType, fail_p: c.failP, ord: i + 1 })));

    const steps: Step[] = [
      {
        label: 'days, syncs, recorded days',
        sql: `
        CREATE TEMP TABLE fx_region (r int PRIMARY KEY, name text NOT NULL);
        INSERT INTO fx_region VALUES ${regionValues};
        CREATE TEMP TABLE fx_day AS
          SELECT d::date AS day, row_number() OVER (ORDER BY d)::int AS idx, gen_random_uuid() AS run_id
          FROM generate_series('${firstDay}'::date, '${lastDay}'::date, interval '1 day') d
          WHERE d::date <> ALL ('{${skippedDays.join(',')}}'::date[]);
        ALTER TABLE fx_day ADD PRIMARY KEY (idx);
        INSERT INTO sync_run (id, kind, status, as_of, requested_by, created_at, started_at, finished_at, finalised_at,
            parts_total, parts_done, parts_failed, findings_read, findings_written, evaluations_read)
          SELECT run_id, kind, status, day, 'schedule', day + time '02:00', day + time '02:00:01', fin, fin,
            ${A * FIXTURE_REGIONS.length * 2 + 1}, ${A * FIXTURE_REGIONS.length * 2 + 1} - failed, failed,
            reads, (reads * 0.08)::int, ${A * FIXTURE_REGIONS.length * 30}
          FROM (SELECT run_id, day,
                  CASE WHEN extract(isodow FROM day) = 7 THEN 'full' ELSE 'incremental' END AS kind,
                  CASE WHEN random() < 0.03 THEN 'partial' ELSE 'succeeded' END AS status,
                  day + time '02:00' + interval '1 minute' * (6 + random() * 25) AS fin,
                  (${F} * (CASE WHEN extract(isodow FROM day) = 7 THEN 1 ELSE 0.06 END) * (0.8 + random() * 0.4))::int AS reads
                FROM fx_day) s
          CROSS JOIN LATERAL (SELECT CASE WHEN s.status = 'partial' THEN 1 + (s.reads % 7) ELSE 0 END AS failed) f;
        INSERT INTO sync_run (kind, status, as_of, requested_by, created_at, started_at, finished_at, parts_total, parts_done, parts_failed, error)
          SELECT 'incremental', 'failed', d, 'schedule', d + time '02:00', d + time '02:00:01', d + time '02:03',
            ${A * FIXTURE_REGIONS.length * 2 + 1}, 0, ${A * FIXTURE_REGIONS.length * 2 + 1},
            'Every part failed: AssumeRole was denied (AccessDenied)'
          FROM unnest('{${skippedDays.join(',')}}'::date[]) d;
        INSERT INTO recorded_day (day, sync_run_id, recorded_at)
          SELECT d.day, d.run_id, r.finished_at FROM fx_day d JOIN sync_run r ON r.id = d.run_id;`,
      },
      {
        label: 'accounts',
        sql: `
        CREATE TEMP TABLE fx_account AS
          SELECT i AS a, (100000000000 + i::bigint * 7919)::text AS id,
            (ARRAY['prod','staging','dev','sandbox','shared','security','data','ml','edge','legacy'])[1 + (i * 7) % 10] || '-' ||
            (ARRAY['payments','identity','web','mobile','analytics','platform','billing','search','ops','core','media','risk'])[1 + (i * 13) % 12] || '-' ||
            lpad(i::text, 4, '0') AS name,
            0.4 + random() * 1.2 AS hygiene
          FROM generate_series(1, ${A}) i;
        ALTER TABLE fx_account ADD PRIMARY KEY (a);
        INSERT INTO account (id, name, name_source, created_at, last_synced_at)
          SELECT id, name, 'organizations', '${firstDay}'::date - interval '200 days', '${lastDay}'::date + time '02:20' FROM fx_account;`,
      },
      {
        label: 'controls of the fixture',
        sql: `
        CREATE TEMP TABLE fx_control AS
          SELECT x.ord AS c, x.id, ctl.source, ctl.domain, coalesce(ctl.severity, 'MEDIUM') AS severity,
            ctl.title, x.resource_type, x.fail_p
          FROM jsonb_to_recordset($1::jsonb) AS x(id text, resource_type text, fail_p float8, ord int)
          JOIN control ctl ON ctl.id = x.id`,
        params: [controlJson],
      },
      {
        label: 'pair bases and change events',
        sql: `
        ALTER TABLE fx_control ADD PRIMARY KEY (c);
        CREATE TEMP TABLE fx_pair AS
          SELECT a, c,
            CASE WHEN u < fp THEN 'FAILED' WHEN u < fp + 0.02 THEN 'UNKNOWN' WHEN u < fp + 0.08 THEN 'NO_DATA' ELSE 'PASSED' END AS base,
            CASE WHEN v < 0.70 THEN 0 WHEN v < 0.90 THEN 1 + floor(w * 2) ELSE 3 + floor(w * 8) END::int AS nev
          FROM (SELECT a.a, c.c, least(0.9, c.fail_p * a.hygiene) AS fp, random() AS u, random() AS v, random() AS w
                FROM fx_account a CROSS JOIN fx_control c) s;
        CREATE TEMP TABLE fx_rbase AS
          SELECT a, c, r, base_s,
            CASE WHEN base_s = 'FAILED' THEN 1 + floor(power(random(), 3) * 25)::int ELSE 0 END AS base_fr,
            alt_s,
            CASE WHEN alt_s = 'FAILED' THEN 1 + floor(power(random(), 3) * 25)::int ELSE 0 END AS alt_fr
          FROM (SELECT a, c, r, base_s,
                  CASE base_s WHEN 'FAILED' THEN 'PASSED' WHEN 'PASSED' THEN 'FAILED' WHEN 'UNKNOWN' THEN 'FAILED' ELSE 'PASSED' END AS alt_s
                FROM (SELECT p.a, p.c, g.r,
                        CASE WHEN random() < 0.97 THEN p.base
                             ELSE (ARRAY['FAILED','FAILED','FAILED','PASSED','PASSED','PASSED','PASSED','NO_DATA','NO_DATA','NO_DATA'])[1 + floor(random() * 10)::int] END AS base_s
                      FROM fx_pair p CROSS JOIN generate_series(1, ${FIXTURE_REGIONS.length}) g(r)) s1) s2;
        CREATE TEMP TABLE fx_event AS
          SELECT DISTINCT ON (a, c, idx) a, c, idx, r
          FROM (SELECT i.a, i.c, e.idx, i.r
                FROM (SELECT p.a, p.c, 2 + floor(random() * ${N - 1})::int AS s, 1 + floor(power(random(), 2) * 45)::int AS len,
                        1 + floor(random() * ${FIXTURE_REGIONS.length})::int AS r
                      FROM fx_pair p CROSS JOIN LATERAL generate_series(1, p.nev) g WHERE p.nev > 0) i
                CROSS JOIN LATERAL (VALUES (i.s), (i.s + i.len)) e(idx)
                WHERE e.idx <= ${N}) x
          ORDER BY a, c, idx;
        ANALYZE fx_pair; ANALYZE fx_rbase; ANALYZE fx_event;`,
      },
      {
        label: 'regional pair rows',
        sql: `
        CREATE TEMP TABLE fx_rrow AS
          WITH ev AS (SELECT a, c, r, idx, row_number() OVER (PARTITION BY a, c, r ORDER BY idx)::int AS k FROM fx_event),
          seg AS (SELECT a, c, r, 1 AS idx, 0 AS k FROM fx_rbase UNION ALL SELECT a, c, r, idx, k FROM ev)
          SELECT s.a, s.c, s.r, s.idx AS from_idx, lead(s.idx) OVER (PARTITION BY s.a, s.c, s.r ORDER BY s.idx) AS to_idx,
            CASE WHEN s.k % 2 = 0 THEN b.base_s ELSE b.alt_s END AS status,
            CASE WHEN s.k % 2 = 0 THEN b.base_fr ELSE b.alt_fr END AS fr
          FROM seg s JOIN fx_rbase b USING (a, c, r);
        ANALYZE fx_rrow;`,
      },
      {
        label: 'combined (*) pair rows',
        sql: `
        CREATE TEMP TABLE fx_star_raw AS
          WITH cand AS (SELECT a, c, 1 AS idx FROM fx_pair UNION ALL SELECT a, c, idx FROM fx_event)
          SELECT cand.a, cand.c, cand.idx,
            max(CASE rr.status WHEN 'FAILED' THEN 4 WHEN 'UNKNOWN' THEN 3 WHEN 'PASSED' THEN 2 ELSE 1 END) AS rank,
            sum(rr.fr)::int AS fr
          FROM cand JOIN fx_rrow rr ON rr.a = cand.a AND rr.c = cand.c AND rr.from_idx <= cand.idx AND (rr.to_idx IS NULL OR rr.to_idx > cand.idx)
          GROUP BY 1, 2, 3;
        CREATE TEMP TABLE fx_star AS
          WITH s AS (
            SELECT a, c, idx, rank, fr, lag(rank) OVER w AS prank, lag(fr) OVER w AS pfr
            FROM fx_star_raw WINDOW w AS (PARTITION BY a, c ORDER BY idx)
          ), k AS (
            SELECT a, c, idx, rank, fr, (prank IS NULL OR prank <> rank) AS new_status FROM s
            WHERE prank IS NULL OR prank <> rank OR pfr <> fr
          ), g AS (
            SELECT *, sum(new_status::int) OVER (PARTITION BY a, c ORDER BY idx) AS run,
              lead(idx) OVER (PARTITION BY a, c ORDER BY idx) AS to_idx
            FROM k
          )
          SELECT a, c, idx AS from_idx, to_idx, (ARRAY['NO_DATA','PASSED','UNKNOWN','FAILED'])[rank] AS status, fr,
            min(idx) OVER (PARTITION BY a, c, run) AS since_idx
          FROM g;`,
      },
      {
        label: 'pair_state insert',
        sql: `
        INSERT INTO pair_state (account_id, region, control_id, status, failed_resources, status_since, from_day, to_day)
          SELECT account_id, region, control_id, status, fr, since, from_day, to_day FROM (
            SELECT ac.id AS account_id, rg.name AS region, ct.id AS control_id, rr.status, rr.fr, fd.day AS since, fd.day AS from_day,
              td.day AS to_day, coalesce(rr.to_idx, rr.from_idx) AS written
            FROM fx_rrow rr JOIN fx_account ac ON ac.a = rr.a JOIN fx_control ct ON ct.c = rr.c JOIN fx_region rg ON rg.r = rr.r
            JOIN fx_day fd ON fd.idx = rr.from_idx LEFT JOIN fx_day td ON td.idx = rr.to_idx
            UNION ALL
            SELECT ac.id, '*', ct.id, st.status, st.fr, sd.day, fd.day, td.day, coalesce(st.to_idx, st.from_idx)
            FROM fx_star st JOIN fx_account ac ON ac.a = st.a JOIN fx_control ct ON ct.c = st.c
            JOIN fx_day fd ON fd.idx = st.from_idx JOIN fx_day sd ON sd.idx = st.since_idx LEFT JOIN fx_day td ON td.idx = st.to_idx
          ) x ORDER BY written;
        DROP TABLE fx_star_raw; DROP TABLE fx_rbase; DROP TABLE fx_rrow; DROP TABLE fx_star; DROP TABLE fx_event;`,
      },
      {
        label: 'findings: identities and state changes',
        sql: `
        CREATE TEMP TABLE fx_f AS
          SELECT row_number() OVER (ORDER BY first_idx, n)::bigint AS id, * FROM (
            SELECT n, a, kind, r, c, first_idx, first_offset,
              least(k, ${N} - first_idx) AS k, s0_open, pass_kind, closed_kind, terminal, term_state, wf_open, usev, ures, age_days
            FROM (SELECT n, 1 + floor(${A} * power(random(), 1.35))::int AS a,
                    CASE WHEN uk < 0.85 THEN 'control' WHEN uk < 0.92 THEN 'guardduty' WHEN uk < 0.97 THEN 'inspector'
                         WHEN uk < 0.985 THEN 'macie' WHEN uk < 0.995 THEN 'access-analyzer' ELSE 'partner' END AS kind,
                    CASE ${regionCase} END AS r,
                    1 + floor(${CATALOG_CONTROLS} * power(uc, 1.6))::int AS c,
                    CASE WHEN uf < 0.55 THEN 1 ELSE 2 + floor(random() * ${N - 1})::int END AS first_idx,
                    random() AS first_offset,
                    CASE WHEN un < 0.45 THEN 0 WHEN un < 0.70 THEN 1 WHEN un < 0.85 THEN 2 ELSE 3 + floor(random() * 6)::int END AS k,
                    random() < 0.55 AS s0_open,
                    CASE WHEN random() < 0.3 THEN 'passed' ELSE 'resolved' END AS pass_kind,
                    CASE WHEN ucl < 0.5 THEN 'archived' WHEN ucl < 0.85 THEN 'resolved' ELSE 'suppressed' END AS closed_kind,
                    random() < (CASE WHEN uk < 0.85 THEN 0.06 ELSE 0.04 END) AS terminal,
                    CASE WHEN uk >= 0.85 THEN 'gone' WHEN ut < 0.4 THEN 'archived' WHEN ut < 0.7 THEN 'suppressed' ELSE 'gone' END AS term_state,
                    CASE WHEN random() < 0.2 THEN 'NOTIFIED' ELSE 'NEW' END AS wf_open,
                    random() AS usev, random() AS ures, 1 + floor(random() * 700)::int AS age_days
                  FROM (SELECT n, random() AS uk, random() AS ur, random() AS uc, random() AS uf, random() AS un, random() AS ucl, random() AS ut
                        FROM generate_series(1, ${F}) n) u) v) w;
        ALTER TABLE fx_f ADD PRIMARY KEY (id);
        CREATE TEMP TABLE fx_t AS
          SELECT id, idx, row_number() OVER (PARTITION BY id ORDER BY idx)::int AS j FROM (
            SELECT DISTINCT f.id, f.first_idx + 1 + floor(random() * (${N} - f.first_idx))::int AS idx
            FROM fx_f f CROSS JOIN LATERAL generate_series(1, f.k) g WHERE f.k > 0) x;
        CREATE TEMP TABLE fx_seg AS
          SELECT id, j, from_idx, to_idx, last, state,
            CASE WHEN kind <> 'control' THEN NULL WHEN state IN ('passed', 'resolved') THEN 'PASSED' ELSE 'FAILED' END AS compliance,
            CASE state WHEN 'open' THEN wf_open WHEN 'resolved' THEN 'RESOLVED' WHEN 'suppressed' THEN 'SUPPRESSED' ELSE 'NEW' END AS workflow
          FROM (
            SELECT s.id, s.j, s.from_idx, s.to_idx, s.j = s.m AS last, f.kind, f.wf_open,
              CASE WHEN f.terminal AND s.j = s.m AND s.m > 0 THEN f.term_state
                   WHEN f.kind = 'control' THEN CASE WHEN f.s0_open = (s.j % 2 = 0) THEN 'open' ELSE f.pass_kind END
                   ELSE CASE WHEN s.j % 2 = 0 THEN 'open' ELSE f.closed_kind END END AS state
            FROM (SELECT id, j, from_idx, lead(from_idx) OVER (PARTITION BY id ORDER BY j) AS to_idx, max(j) OVER (PARTITION BY id) AS m
                  FROM (SELECT id, 0 AS j, first_idx AS from_idx FROM fx_f UNION ALL SELECT id, j, idx FROM fx_t) u) s
            JOIN fx_f f ON f.id = s.id
          ) q;
        CREATE INDEX ON fx_seg (id) WHERE last;
        ANALYZE fx_f; ANALYZE fx_seg;`,
      },
      {
        label: 'finding insert (with raw ASFF)',
        sql: `
        INSERT INTO finding (id, product_arn, finding_id, account_id, region, control_id, product_name, company_name, generator_id,
            title, severity_label, compliance_status, workflow_status, record_state, is_control_check, counts_for_score, is_open,
            domain, resource_type, resource_ids, first_observed_at, aws_created_at, aws_updated_at, gone_at, content_hash, raw,
            first_seen_sync_id, last_seen_sync_id, ingested_at, changed_at)
        SELECT id, product_arn, finding_id, account_id, region, control_id, product_name, company_name, generator_id,
          title, severity, compliance, workflow, record_state, kind = 'control', counts_for_score, state = 'open',
          domain, resource_type, ARRAY[resource_id], first_observed_at, first_observed_at, updated_at, gone_at,
          md5(raw::text) || md5(finding_id || workflow), raw, first_run, last_run, ingested_at, changed_at
        FROM (
          SELECT b.*,
            jsonb_build_object(
              'SchemaVersion', '2018-10-08', 'Id', b.finding_id, 'ProductArn', b.product_arn, 'ProductName', b.product_name,
              'CompanyName', b.company_name, 'Region', b.region, 'GeneratorId', b.generator_id, 'AwsAccountId', b.account_id,
              'Types', jsonb_build_array(b.type_name),
              'FirstObservedAt', to_char(b.first_observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'LastObservedAt', to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'CreatedAt', to_char(b.first_observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'UpdatedAt', to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'Severity', jsonb_build_object('Label', b.severity, 'Normalized',
                 CASE b.severity WHEN 'CRITICAL' THEN 90 WHEN 'HIGH' THEN 70 WHEN 'MEDIUM' THEN 40 WHEN 'LOW' THEN 1 ELSE 0 END, 'Original', b.severity),
              'Title', b.title,
              'Description', b.title || '. ' || b.description,
              'Remediation', jsonb_build_object('Recommendation', jsonb_build_object(
                 'Text', 'For information on how to correct this issue, consult the AWS Security Hub controls documentation.',
                 'Url', 'https://docs.aws.amazon.com/console/securityhub/' || coalesce(b.control_id, b.product_name) || '/remediation')),
              'ProductFields', jsonb_build_object(
                 'aws/securityhub/ProductName', b.product_name, 'aws/securityhub/CompanyName', b.company_name,
                 'Resources:0/Id', b.resource_id, 'aws/securityhub/FindingId', b.product_arn || '/' || b.finding_id,
                 'RelatedAWSResources:0/type', 'AWS::Config::ConfigRule',
                 'RelatedAWSResources:0/name', 'securityhub-' || lower(coalesce(b.control_id, b.kind)) || '-' || substr(md5(b.id::text || 'r'), 1, 8)),
              'Resources', jsonb_build_array(jsonb_build_object(
                 'Type', b.resource_type, 'Id', b.resource_id, 'Partition', 'aws', 'Region', b.region,
                 'Tags', jsonb_build_object('Environment', b.env, 'Owner', b.team || '@example.com', 'CostCenter', 'cc-' || (b.id % 97)::text,
                                            'Application', b.app || '-' || b.team),
                 'Details', jsonb_build_object('Other', jsonb_build_object(
                    'ResourceName', b.resource_name, 'CreatedBy', 'arn:aws:iam::' || b.account_id || ':role/' || b.team || '-deployer',
                    'LastChangedBy', 'arn:aws:sts::' || b.account_id || ':assumed-role/' || b.team || '-ci/' || substr(md5(b.id::text || 'c'), 1, 16),
                    'Fingerprint', md5(b.id::text || 'f') || md5(b.id::text || 'g'))))),
              'Workflow', jsonb_build_object('Status', b.workflow),
              'WorkflowState', CASE b.workflow WHEN 'NOTIFIED' THEN 'ASSIGNED' WHEN 'SUPPRESSED' THEN 'DEFERRED' ELSE b.workflow END,
              'RecordState', b.record_state,
              'FindingProviderFields', jsonb_build_object('Types', jsonb_build_array(b.type_name), 'Severity', jsonb_build_object('Label', b.severity, 'Original', b.severity)),
              'ProcessedAt', to_char(b.updated_at AT TIME ZONE 'UTC' + interval '20 seconds', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            || CASE WHEN b.kind = 'control' THEN jsonb_build_object('Compliance', jsonb_build_object(
                 'Status', b.compliance, 'SecurityControlId', b.control_id,
                 'AssociatedStandards', jsonb_build_array(jsonb_build_object('StandardsId', 'standards/aws-foundational-security-best-practices/v/1.0.0'))))
               ELSE '{}'::jsonb END AS raw
          FROM (
            SELECT f.id, f.kind, ac.id AS account_id, rg.name AS region, s.state, s.compliance, s.workflow,
              CASE WHEN s.state = 'archived' THEN 'ARCHIVED' ELSE 'ACTIVE' END AS record_state,
              (f.kind = 'control' AND s.state NOT IN ('archived', 'suppressed', 'gone')) AS counts_for_score,
              CASE WHEN f.kind = 'control' THEN ct.id END AS control_id,
              CASE f.kind WHEN 'guardduty' THEN 'incident-response' WHEN 'inspector' THEN 'infrastructure' WHEN 'macie' THEN 'data-protection'
                          WHEN 'access-analyzer' THEN 'iam' END AS domain,
              'arn:aws:securityhub:' || rg.name || '::product/' || CASE f.kind WHEN 'control' THEN 'aws/securityhub' WHEN 'partner' THEN 'prowler/prowler' ELSE 'aws/' || f.kind END AS product_arn,
              CASE f.kind WHEN 'control' THEN 'arn:aws:securityhub:' || rg.name || ':' || ac.id || ':security-control/' || ct.id || '/finding/' || uuid_txt
                          WHEN 'guardduty' THEN 'arn:aws:guardduty:' || rg.name || ':' || ac.id || ':detector/' || substr(md5(ac.id || rg.name), 1, 32) || '/finding/' || replace(uuid_txt, '-', '')
                          WHEN 'inspector' THEN 'arn:aws:inspector2:' || rg.name || ':' || ac.id || ':finding/' || replace(uuid_txt, '-', '')
                          WHEN 'macie' THEN 'arn:aws:macie2:' || rg.name || ':' || ac.id || ':finding/' || replace(uuid_txt, '-', '')
                          WHEN 'access-analyzer' THEN 'arn:aws:access-analyzer:' || rg.name || ':' || ac.id || ':analyzer/org-analyzer/finding/' || uuid_txt
                          ELSE 'prowler-' || ac.id || '-' || rg.name || '-' || uuid_txt END AS finding_id,
              CASE f.kind WHEN 'control' THEN 'Security Hub' WHEN 'guardduty' THEN 'GuardDuty' WHEN 'inspector' THEN 'Inspector'
                          WHEN 'macie' THEN 'Macie' WHEN 'access-analyzer' THEN 'IAM Access Analyzer' ELSE 'Prowler' END AS product_name,
              CASE f.kind WHEN 'control' THEN 'AWS' WHEN 'access-analyzer' THEN 'AWS' WHEN 'partner' THEN 'Prowler' ELSE 'Amazon' END AS company_name,
              CASE f.kind WHEN 'control' THEN 'security-control/' || ct.id
                          WHEN 'guardduty' THEN 'arn:aws:guardduty:' || rg.name || ':' || ac.id || ':detector/' || substr(md5(ac.id || rg.name), 1, 32)
                          WHEN 'inspector' THEN 'AWSInspector' WHEN 'macie' THEN 'arn:aws:macie2:' || rg.name || ':' || ac.id || ':classification-job/' || substr(md5(ac.id), 1, 16)
                          WHEN 'access-analyzer' THEN 'arn:aws:access-analyzer:' || rg.name || ':' || ac.id || ':analyzer/org-analyzer'
                          ELSE 'prowler-check-' || (f.id % 40)::text END AS generator_id,
              CASE f.kind WHEN 'control' THEN ct.title
                          WHEN 'guardduty' THEN (ARRAY['Unprotected port on EC2 instance %s is being probed.', 'EC2 instance %s is communicating with a known command and control server.',
                               'API GetSecretValue was invoked using root credentials from %s.', 'Unusual console login was seen for principal %s.',
                               'The S3 bucket %s was accessed from a Tor exit node.', 'EC2 instance %s is querying a domain name associated with Bitcoin mining.'])[1 + (f.id % 6)::int]
                          WHEN 'inspector' THEN 'CVE-20' || (19 + f.id % 7)::text || '-' || lpad((f.id % 49999)::text, 5, '0') || ' - ' ||
                               (ARRAY['openssl', 'glibc', 'curl', 'log4j-core', 'libxml2', 'zlib', 'sudo', 'python3', 'nodejs', 'kernel'])[1 + (f.id % 10)::int]
                          WHEN 'macie' THEN (ARRAY['The S3 object contains personal information.', 'The S3 object contains credentials data.',
                               'The S3 bucket %s is publicly accessible.', 'The S3 object contains financial information.'])[1 + (f.id % 4)::int]
                          WHEN 'access-analyzer' THEN 'AwsS3Bucket/%s allows cross-account access'
                          ELSE (ARRAY['Ensure IMDSv2 is enforced on %s', 'Ensure no secrets are stored in Lambda variables of %s', 'Ensure CloudWatch log groups of %s are encrypted'])[1 + (f.id % 3)::int] END AS title_fmt,
              CASE f.kind WHEN 'control' THEN ct.severity
                          WHEN 'guardduty' THEN CASE WHEN f.usev < 0.4 THEN 'LOW' WHEN f.usev < 0.8 THEN 'MEDIUM' ELSE 'HIGH' END
                          WHEN 'inspector' THEN CASE WHEN f.usev < 0.25 THEN 'LOW' WHEN f.usev < 0.7 THEN 'MEDIUM' WHEN f.usev < 0.92 THEN 'HIGH' ELSE 'CRITICAL' END
                          WHEN 'macie' THEN CASE WHEN f.usev < 0.6 THEN 'MEDIUM' ELSE 'HIGH' END
                          WHEN 'access-analyzer' THEN CASE WHEN f.usev < 0.5 THEN 'LOW' ELSE 'MEDIUM' END
                          ELSE CASE WHEN f.usev < 0.4 THEN 'INFORMATIONAL' WHEN f.usev < 0.8 THEN 'LOW' ELSE 'MEDIUM' END END AS severity,
              CASE f.kind WHEN 'control' THEN ct.resource_type WHEN 'inspector' THEN (ARRAY['AwsEc2Instance', 'AwsEcrContainerImage', 'AwsLambdaFunction'])[1 + (f.id % 3)::int]
                          WHEN 'guardduty' THEN (ARRAY['AwsEc2Instance', 'AwsIamAccessKey', 'AwsS3Bucket'])[1 + (f.id % 3)::int]
                          WHEN 'macie' THEN 'AwsS3Bucket' WHEN 'access-analyzer' THEN 'AwsS3Bucket' ELSE 'AwsEc2Instance' END AS resource_type,
              CASE f.kind WHEN 'control' THEN 'Software and Configuration Checks/Industry and Regulatory Standards'
                          WHEN 'guardduty' THEN 'TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort'
                          WHEN 'inspector' THEN 'Software and Configuration Checks/Vulnerabilities/CVE'
                          WHEN 'macie' THEN 'Sensitive Data Identifications/PII' ELSE 'Software and Configuration Checks/AWS Security Best Practices' END AS type_name,
              (ARRAY['prod', 'stage', 'dev', 'shared', 'legacy'])[1 + floor(f.ures * 5)::int] AS env,
              (ARRAY['web', 'api', 'db', 'etl', 'auth', 'cache', 'batch', 'logs', 'ml', 'search'])[1 + (f.id % 10)::int] AS app,
              (ARRAY['payments', 'identity', 'platform', 'growth', 'data', 'sre', 'mobile', 'risk'])[1 + (f.id % 8)::int] AS team,
              substr(md5(f.id::text), 1, 12) AS hex,
              f.first_idx, fd.day AS first_day, s.from_idx AS last_idx, ld.day AS last_day,
              (CASE WHEN f.first_idx = 1 THEN fd.day - f.age_days + interval '1 second' * floor(f.first_offset * 86399)
                    ELSE fd.day + interval '1 second' * floor(f.first_offset * 7199) END)::timestamptz AS first_observed_at,
              (CASE WHEN s.from_idx = f.first_idx AND f.first_idx = 1 THEN fd.day - (f.age_days / 2) + interval '1 second' * floor(f.ures * 86399)
                    ELSE ld.day + interval '1 second' * floor(f.ures * 7199) END)::timestamptz AS updated_at,
              (CASE WHEN s.state = 'gone' THEN ld.day + time '02:15' END)::timestamptz AS gone_at,
              fd.run_id AS first_run, CASE WHEN s.state = 'gone' THEN ld.run_id ELSE ed.run_id END AS last_run,
              (fd.day + time '02:05' + interval '1 second' * floor(f.first_offset * 600))::timestamptz AS ingested_at,
              (ld.day + time '02:05' + interval '1 second' * floor(f.ures * 600))::timestamptz AS changed_at,
              'This check evaluates whether the resource follows the recommended configuration. Findings are generated ' ||
              'for each resource in scope every time the rule is evaluated, and updated when the resource or the rule changes. ' ||
              'Review the resource configuration, the related AWS Config rule evaluation and the associated standards before ' ||
              'remediating; suppress the finding only with a documented exception approved by the resource owner.' AS description,
              uuid_txt
            FROM fx_f f
            JOIN fx_seg s ON s.id = f.id AND s.last
            JOIN fx_account ac ON ac.a = f.a
            JOIN fx_region rg ON rg.r = f.r
            JOIN fx_control ct ON ct.c = f.c
            JOIN fx_day fd ON fd.idx = f.first_idx
            JOIN fx_day ld ON ld.idx = s.from_idx
            CROSS JOIN (SELECT run_id FROM fx_day WHERE idx = ${N}) ed
            CROSS JOIN LATERAL (SELECT (substr(md5(f.id::text || 'u'), 1, 8) || '-' || substr(md5(f.id::text || 'u'), 9, 4) || '-4' ||
                                        substr(md5(f.id::text || 'u'), 14, 3) || '-8' || substr(md5(f.id::text || 'u'), 18, 3) || '-' ||
                                        substr(md5(f.id::text || 'u'), 21, 12)) AS uuid_txt OFFSET 0) u
            -- Sorted here, on narrow rows: the nested loops below keep the order into the INSERT.
            ORDER BY s.from_idx, f.id
            OFFSET 0
          ) a
          CROSS JOIN LATERAL (SELECT
              a.env || '-' || a.app || '-' || a.hex AS resource_name,
              CASE a.resource_type
                WHEN 'AwsS3Bucket' THEN 'arn:aws:s3:::' || a.env || '-' || a.app || '-' || a.hex
                WHEN 'AwsAccount' THEN 'AWS::::Account:' || a.account_id
                WHEN 'AwsEc2Instance' THEN 'arn:aws:ec2:' || a.region || ':' || a.account_id || ':instance/i-0' || substr(a.hex, 1, 16)
                ELSE 'arn:aws:' || lower(regexp_replace(substr(a.resource_type, 4), '([a-z])([A-Z]).*', '\\1')) || ':' || a.region || ':' ||
                     a.account_id || ':' || lower(substr(a.resource_type, 4)) || '/' || a.env || '-' || a.app || '-' || a.hex END AS resource_id,
              replace(a.title_fmt, '%s', a.env || '-' || a.app || '-' || a.hex) AS title OFFSET 0) r
          CROSS JOIN LATERAL (SELECT a.*, r.resource_name, r.resource_id, r.title OFFSET 0) b
          OFFSET 0
        ) z;
        SELECT setval(pg_get_serial_sequence('finding', 'id'), (SELECT max(id) FROM finding));`,
      },
      {
        label: 'finding_state insert',
        sql: `
        INSERT INTO finding_state (finding_id, from_day, to_day, is_open, state, compliance_status, workflow_status)
          SELECT s.id, fd.day, td.day, s.state = 'open', s.state, s.compliance, s.workflow
          FROM fx_seg s JOIN fx_day fd ON fd.idx = s.from_idx LEFT JOIN fx_day td ON td.idx = s.to_idx
          ORDER BY coalesce(s.to_idx, s.from_idx), s.id;
        DROP TABLE fx_t; DROP TABLE fx_seg; DROP TABLE fx_f;`,
      },
      {
        label: 'account_day (intervals from pair_state and finding_state)',
        sql: `
        CREATE TEMP TABLE fx_ad_delta AS
          SELECT account_id, region, source, domain, day,
            sum(p)::int AS p, sum(fl)::int AS fl, sum(u)::int AS u, sum(nd)::int AS nd,
            sum(oc)::int AS oc, sum(oh)::int AS oh, sum(om)::int AS om, sum(ol)::int AS ol, sum(oi)::int AS oi
          FROM (
            SELECT ps.account_id, ps.region, c.source, coalesce(c.domain, '') AS domain, d.day,
              (ps.status = 'PASSED')::int * d.sign AS p, (ps.status = 'FAILED')::int * d.sign AS fl,
              (ps.status = 'UNKNOWN')::int * d.sign AS u, (ps.status = 'NO_DATA')::int * d.sign AS nd,
              0 AS oc, 0 AS oh, 0 AS om, 0 AS ol, 0 AS oi
            FROM pair_state ps JOIN control c ON c.id = ps.control_id
            CROSS JOIN LATERAL (VALUES (ps.from_day, 1), (ps.to_day, -1)) d(day, sign)
            WHERE d.day IS NOT NULL
            UNION ALL
            SELECT f.account_id, rg.region, 'securityhub', coalesce(CASE WHEN f.control_id IS NOT NULL THEN c.domain ELSE f.domain END, ''), d.day,
              0, 0, 0, 0,
              (f.severity_label = 'CRITICAL')::int * d.sign, (f.severity_label = 'HIGH')::int * d.sign,
              (f.severity_label = 'MEDIUM')::int * d.sign, (f.severity_label = 'LOW')::int * d.sign,
              (f.severity_label = 'INFORMATIONAL')::int * d.sign
            FROM finding_state s JOIN finding f ON f.id = s.finding_id LEFT JOIN control c ON c.id = f.control_id
            CROSS JOIN LATERAL (VALUES (f.region), ('*')) rg(region)
            CROSS JOIN LATERAL (VALUES (s.from_day, 1), (s.to_day, -1)) d(day, sign)
            WHERE s.is_open AND d.day IS NOT NULL
          ) x GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO account_day (account_id, region, source, domain, passed, failed, unknown, no_data,
            open_critical, open_high, open_medium, open_low, open_informational, from_day, to_day)
          SELECT account_id, region, source, domain, passed, failed, unknown, no_data, oc, oh, om, ol, oi, from_day, to_day FROM (
            SELECT account_id, region, source, domain, passed, failed, unknown, no_data, oc, oh, om, ol, oi, day AS from_day,
              lead(day) OVER (PARTITION BY account_id, region, source, domain ORDER BY day) AS to_day
            FROM (
              SELECT account_id, region, source, domain, day,
                sum(p) OVER w AS passed, sum(fl) OVER w AS failed, sum(u) OVER w AS unknown, sum(nd) OVER w AS no_data,
                sum(oc) OVER w AS oc, sum(oh) OVER w AS oh, sum(om) OVER w AS om, sum(ol) OVER w AS ol, sum(oi) OVER w AS oi,
                (p <> 0 OR fl <> 0 OR u <> 0 OR nd <> 0 OR oc <> 0 OR oh <> 0 OR om <> 0 OR ol <> 0 OR oi <> 0) AS changed
              FROM fx_ad_delta WINDOW w AS (PARTITION BY account_id, region, source, domain ORDER BY day)
            ) c WHERE changed
          ) r ORDER BY coalesce(to_day, from_day), account_id;
        DROP TABLE fx_ad_delta;`,
      },
      {
        label: 'org_day and control_day (every recorded day)',
        sql: `
        INSERT INTO org_day (region, day, source, domain, passed, failed, unknown, no_data,
            open_critical, open_high, open_medium, open_low, open_informational)
          SELECT region, day, source, domain, passed, failed, unknown, no_data, oc, oh, om, ol, oi FROM (
            SELECT region, source, domain, day,
              sum(n) OVER w AS n, sum(p) OVER w AS passed, sum(fl) OVER w AS failed, sum(u) OVER w AS unknown, sum(nd) OVER w AS no_data,
              sum(oc) OVER w AS oc, sum(oh) OVER w AS oh, sum(om) OVER w AS om, sum(ol) OVER w AS ol, sum(oi) OVER w AS oi
            FROM (
              SELECT region, source, domain, day, sum(n) AS n, sum(p) AS p, sum(fl) AS fl, sum(u) AS u, sum(nd) AS nd,
                sum(oc) AS oc, sum(oh) AS oh, sum(om) AS om, sum(ol) AS ol, sum(oi) AS oi
              FROM (
                SELECT a.region, a.source, a.domain, d.day, d.sign AS n, a.passed * d.sign AS p, a.failed * d.sign AS fl,
                  a.unknown * d.sign AS u, a.no_data * d.sign AS nd, a.open_critical * d.sign AS oc, a.open_high * d.sign AS oh,
                  a.open_medium * d.sign AS om, a.open_low * d.sign AS ol, a.open_informational * d.sign AS oi
                FROM account_day a CROSS JOIN LATERAL (VALUES (a.from_day, 1), (a.to_day, -1)) d(day, sign) WHERE d.day IS NOT NULL
                UNION ALL
                SELECT k.region, k.source, k.domain, fd.day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                FROM (SELECT DISTINCT region, source, domain FROM account_day) k CROSS JOIN fx_day fd
              ) x GROUP BY 1, 2, 3, 4
            ) g WINDOW w AS (PARTITION BY region, source, domain ORDER BY day)
          ) c WHERE n > 0 AND day IN (SELECT day FROM fx_day)
          ORDER BY day, region, source, domain;
        INSERT INTO control_day (day, control_id, domain, passed, failed, unknown, no_data)
          SELECT day, control_id, domain, passed, failed, unknown, no_data FROM (
            SELECT day, control_id, domain, sum(n) OVER w AS n, sum(p) OVER w AS passed, sum(fl) OVER w AS failed,
              sum(u) OVER w AS unknown, sum(nd) OVER w AS no_data
            FROM (
              SELECT control_id, day, sum(n) AS n, sum(p) AS p, sum(fl) AS fl, sum(u) AS u, sum(nd) AS nd, max(domain) AS domain
              FROM (
                SELECT ps.control_id, d.day, d.sign AS n, (ps.status = 'PASSED')::int * d.sign AS p, (ps.status = 'FAILED')::int * d.sign AS fl,
                  (ps.status = 'UNKNOWN')::int * d.sign AS u, (ps.status = 'NO_DATA')::int * d.sign AS nd, coalesce(c.domain, '') AS domain
                FROM pair_state ps JOIN control c ON c.id = ps.control_id
                CROSS JOIN LATERAL (VALUES (ps.from_day, 1), (ps.to_day, -1)) d(day, sign)
                WHERE ps.region = '*' AND d.day IS NOT NULL
                UNION ALL
                SELECT ct.id, fd.day, 0, 0, 0, 0, 0, coalesce(ct.domain, '') FROM fx_control ct CROSS JOIN fx_day fd
              ) x GROUP BY 1, 2
            ) g WINDOW w AS (PARTITION BY control_id ORDER BY day)
          ) c WHERE n > 0 AND day IN (SELECT day FROM fx_day)
          ORDER BY day, control_id;`,
      },
    ];

    for (const step of steps) {
      const t0 = performance.now();
      // Multi-statement steps go as one simple query; a step with parameters is a single statement.
      if (step.params) await client.query(step.sql, step.params);
      else await client.query(step.sql);
      log(`  ${step.label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }

    await client.query(`SET session_replication_role = DEFAULT`);
    let t0 = performance.now();
    for (const ix of indexes) await client.query(ix.indexdef);
    log(`  secondary indexes recreated (${indexes.length}): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    await client.query('VACUUM (ANALYZE)');
    await client.query('CHECKPOINT');
    log(`  vacuum analyze + checkpoint: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    for (const table of ['account', 'control', 'pair_state', 'account_day', 'org_day', 'control_day', 'recorded_day', 'sync_run', 'finding', 'finding_state']) {
      const { rows: r } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
      rows[table] = Number(r[0]?.n ?? 0);
    }
    const { rows: extra } = await client.query<{ k: string; n: string }>(
      `SELECT 'pair_state current' AS k, count(*)::text AS n FROM pair_state WHERE to_day IS NULL
       UNION ALL SELECT 'account_day current', count(*)::text FROM account_day WHERE to_day IS NULL
       UNION ALL SELECT 'account_day keys', count(*)::text FROM (SELECT DISTINCT account_id, region, source, domain FROM account_day) k
       UNION ALL SELECT 'finding open', count(*)::text FROM finding WHERE is_open
       UNION ALL SELECT 'finding raw avg bytes (stored)', avg(pg_column_size(raw))::int::text FROM (SELECT raw FROM finding TABLESAMPLE SYSTEM (1)) s
       UNION ALL SELECT 'finding raw avg bytes (text)', avg(length(raw::text))::int::text FROM (SELECT raw FROM finding TABLESAMPLE SYSTEM (1)) s`,
    );
    for (const e of extra) rows[e.k] = Number(e.n);
    const { rows: sizeRows } = await client.query<{ t: string; s: string }>(
      `SELECT c.relname AS t, pg_size_pretty(pg_total_relation_size(c.oid)) AS s FROM pg_class c
       WHERE c.relname IN ('pair_state', 'account_day', 'org_day', 'control_day', 'finding', 'finding_state') ORDER BY pg_total_relation_size(c.oid) DESC`,
    );
    const { rows: dbSize } = await client.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`);
    const generationSeconds = Math.round((performance.now() - started) / 1000);
    log(`fixture: generated in ${generationSeconds} s; database ${dbSize[0]?.s ?? '?'}; ${JSON.stringify(rows)}`);
    return {
      version: FIXTURE_VERSION,
      scale,
      accounts: A,
      controls: controls.chosen.length,
      findings: F,
      days: DAYS,
      recordedDays: N,
      firstDay,
      lastDay,
      regions: [...FIXTURE_REGIONS],
      generatedAt: new Date().toISOString(),
      generationSeconds,
      rows,
      sizes: Object.fromEntries(sizeRows.map((r) => [r.t, r.s])),
      databaseSize: dbSize[0]?.s ?? '?',
    };
  } finally {
    await client.end();
  }
}

/**
 * Invariants of a generated history, each as a count of violations (all must be 0): the aggregates equal what
 * finalisation would compute from the rows in force on sampled recorded days, intervals never overlap and always
 * change a value, '*' pair rows combine the regional ones, findings agree with their last state.
 */
export async function verifyHistory(url: string, sampleDays = 6): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url, application_name: 'pillar-bench-verify' });
  await client.connect();
  const IN_FORCE = (a: string) => `${a}.from_day <= d.day AND (${a}.to_day IS NULL OR ${a}.to_day > d.day)`;
  const days = `((SELECT day FROM recorded_day ORDER BY md5(day::text) LIMIT ${sampleDays})
                 UNION SELECT max(day) FROM recorded_day UNION SELECT min(day) FROM recorded_day) d`;
  const checks: Record<string, string> = {
    'org_day = sum of account_day in force': `
      SELECT count(*) FROM (
        (SELECT d.day, a.region, a.source, a.domain, sum(a.passed), sum(a.failed), sum(a.unknown), sum(a.no_data),
           sum(a.open_critical), sum(a.open_high), sum(a.open_medium), sum(a.open_low), sum(a.open_informational)
         FROM ${days} JOIN account_day a ON ${IN_FORCE('a')} GROUP BY 1, 2, 3, 4
         EXCEPT SELECT o.day, o.region, o.source, o.domain, o.passed, o.failed, o.unknown, o.no_data,
           o.open_critical, o.open_high, o.open_medium, o.open_low, o.open_informational FROM org_day o JOIN ${days} USING (day))
        UNION ALL
        (SELECT o.day, o.region, o.source, o.domain, o.passed, o.failed, o.unknown, o.no_data,
           o.open_critical, o.open_high, o.open_medium, o.open_low, o.open_informational FROM org_day o JOIN ${days} USING (day)
         EXCEPT SELECT d.day, a.region, a.source, a.domain, sum(a.passed), sum(a.failed), sum(a.unknown), sum(a.no_data),
           sum(a.open_critical), sum(a.open_high), sum(a.open_medium), sum(a.open_low), sum(a.open_informational)
         FROM ${days} JOIN account_day a ON ${IN_FORCE('a')} GROUP BY 1, 2, 3, 4)) x`,
    'control_day = pair_state * in force': `
      SELECT count(*) FROM (
        SELECT d.day, p.control_id, coalesce(c.domain, '') AS domain, count(*) FILTER (WHERE p.status = 'PASSED') AS passed,
          count(*) FILTER (WHERE p.status = 'FAILED') AS failed, count(*) FILTER (WHERE p.status = 'UNKNOWN') AS unknown,
          count(*) FILTER (WHERE p.status = 'NO_DATA') AS no_data
        FROM ${days} JOIN pair_state p ON p.region = '*' AND ${IN_FORCE('p')} JOIN control c ON c.id = p.control_id GROUP BY 1, 2, 3
        EXCEPT SELECT day, control_id, domain, passed, failed, unknown, no_data FROM control_day JOIN ${days} USING (day)) x`,
    'account_day pair counts = pair_state in force': `
      SELECT count(*) FROM (
        SELECT d.day, p.account_id, p.region, c.source, coalesce(c.domain, '') AS domain,
          count(*) FILTER (WHERE p.status = 'PASSED') AS passed, count(*) FILTER (WHERE p.status = 'FAILED') AS failed,
          count(*) FILTER (WHERE p.status = 'UNKNOWN') AS unknown, count(*) FILTER (WHERE p.status = 'NO_DATA') AS no_data
        FROM ${days} JOIN pair_state p ON ${IN_FORCE('p')} JOIN control c ON c.id = p.control_id GROUP BY 1, 2, 3, 4, 5
        EXCEPT SELECT d.day, a.account_id, a.region, a.source, a.domain, a.passed, a.failed, a.unknown, a.no_data
        FROM ${days} JOIN account_day a ON ${IN_FORCE('a')}) x`,
    'account_day open counts = open finding_state in force': `
      SELECT count(*) FROM (
        SELECT d.day, f.account_id, r.region, coalesce(CASE WHEN f.control_id IS NOT NULL THEN c.domain ELSE f.domain END, '') AS domain,
          count(*) FILTER (WHERE f.severity_label = 'CRITICAL') AS oc, count(*) FILTER (WHERE f.severity_label = 'HIGH') AS oh,
          count(*) FILTER (WHERE f.severity_label = 'MEDIUM') AS om, count(*) FILTER (WHERE f.severity_label = 'LOW') AS ol,
          count(*) FILTER (WHERE f.severity_label = 'INFORMATIONAL') AS oi
        FROM ${days} JOIN finding_state s ON s.is_open AND ${IN_FORCE('s')} JOIN finding f ON f.id = s.finding_id
        LEFT JOIN control c ON c.id = f.control_id CROSS JOIN LATERAL (VALUES (f.region), ('*')) r(region)
        GROUP BY 1, 2, 3, 4
        EXCEPT SELECT d.day, a.account_id, a.region, a.domain, a.open_critical, a.open_high, a.open_medium, a.open_low, a.open_informational
        FROM ${days} JOIN account_day a ON ${IN_FORCE('a')} AND a.source = 'securityhub') x`,
    "'*' pair rows combine the regional rows": `
      SELECT count(*) FROM (
        SELECT d.day, p.account_id, p.control_id,
          (ARRAY['NO_DATA', 'PASSED', 'UNKNOWN', 'FAILED'])[max(CASE p.status WHEN 'FAILED' THEN 4 WHEN 'UNKNOWN' THEN 3 WHEN 'PASSED' THEN 2 ELSE 1 END)] AS status,
          sum(p.failed_resources) AS fr
        FROM ${days} JOIN pair_state p ON p.region <> '*' AND ${IN_FORCE('p')} GROUP BY 1, 2, 3
        EXCEPT SELECT d.day, p.account_id, p.control_id, p.status, p.failed_resources FROM ${days} JOIN pair_state p ON p.region = '*' AND ${IN_FORCE('p')}) x`,
    'overlapping or non-adjacent intervals': `
      SELECT (SELECT count(*) FROM (SELECT to_day, lead(from_day) OVER (PARTITION BY account_id, region, control_id ORDER BY from_day) AS nx FROM pair_state) x WHERE nx IS NOT NULL AND nx IS DISTINCT FROM to_day)
           + (SELECT count(*) FROM (SELECT to_day, lead(from_day) OVER (PARTITION BY account_id, region, source, domain ORDER BY from_day) AS nx FROM account_day) x WHERE nx IS NOT NULL AND nx IS DISTINCT FROM to_day)
           + (SELECT count(*) FROM (SELECT to_day, lead(from_day) OVER (PARTITION BY finding_id ORDER BY from_day) AS nx FROM finding_state) x WHERE nx IS NOT NULL AND nx IS DISTINCT FROM to_day)
           + (SELECT count(*) FROM pair_state WHERE to_day IS NOT NULL AND NOT EXISTS (SELECT 1 FROM recorded_day r WHERE r.day = to_day))`,
    'consecutive rows with equal values': `
      SELECT (SELECT count(*) FROM (SELECT (status, failed_resources) AS v, lag((status, failed_resources)) OVER (PARTITION BY account_id, region, control_id ORDER BY from_day) AS pv FROM pair_state) x WHERE v = pv)
           + (SELECT count(*) FROM (SELECT (passed, failed, unknown, no_data, open_critical, open_high, open_medium, open_low, open_informational) AS v,
                lag((passed, failed, unknown, no_data, open_critical, open_high, open_medium, open_low, open_informational)) OVER (PARTITION BY account_id, region, source, domain ORDER BY from_day) AS pv FROM account_day) x WHERE v = pv)
           + (SELECT count(*) FROM (SELECT (state, compliance_status, workflow_status) AS v, lag((state, compliance_status, workflow_status)) OVER (PARTITION BY finding_id ORDER BY from_day) AS pv FROM finding_state) x WHERE v = pv)`,
    "status_since wrong on '*' rows": `
      SELECT count(*) FROM (SELECT status, status_since, from_day, lag(status) OVER w AS ps, lag(status_since) OVER w AS pss
        FROM pair_state WHERE region = '*' WINDOW w AS (PARTITION BY account_id, control_id ORDER BY from_day)) x
      WHERE (ps IS NULL AND status_since <> from_day) OR (ps = status AND status_since <> pss) OR (ps <> status AND status_since <> from_day)`,
    'finding columns differ from its last state': `
      SELECT count(*) FROM finding f JOIN finding_state s ON s.finding_id = f.id AND s.to_day IS NULL
      WHERE f.is_open <> s.is_open OR f.workflow_status <> s.workflow_status OR f.compliance_status IS DISTINCT FROM s.compliance_status
         OR (s.state = 'gone') <> (f.gone_at IS NOT NULL) OR (s.state = 'archived') <> (f.record_state = 'ARCHIVED')`,
    'findings without exactly one current state': `
      SELECT count(*) FROM finding f WHERE (SELECT count(*) FROM finding_state s WHERE s.finding_id = f.id AND s.to_day IS NULL) <> 1`,
  };
  const out: Record<string, number> = {};
  try {
    for (const [name, sql] of Object.entries(checks)) {
      const { rows } = await client.query<{ n: string }>(`SELECT (${sql})::text AS n`);
      out[name] = Number(rows[0]?.n ?? -1);
    }
  } finally {
    await client.end();
  }
  return out;
}

// Standalone: generate (and with --keep, keep) a fixture without running a benchmark; --verify checks it.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts = fixtureOptionsFromArgs();
  const fixture = await openHistoryFixture(opts);
  try {
    console.log(JSON.stringify(fixture.meta, null, 2));
    if (process.argv.includes('--verify')) {
      const result = await verifyHistory(fixture.url);
      console.table(result);
      if (Object.values(result).some((n) => n !== 0)) process.exitCode = 1;
    }
  } finally {
    await fixture.release();
  }
}
