import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import fc from 'fast-check';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxUpdatedAt, type AwsSource } from '@pillar/aws';
import { extractFindings, storableJson } from '@pillar/domain';
import { createTestDatabase, type TestDatabase } from '@pillar/testkit';
import type { JobContext } from '../src/context.ts';
import { parsePage, securityHubPage, storePage } from '../src/jobs/securityhub-page.ts';

// Mutated ASFF through the ingestion parser and storage: real samples, broken in every way a third-party product
// (or a hostile one) could. The worker must never throw on a page, must report every finding it drops with a
// reason (and its Id when it had one), and must store the rest of the page.

const DIR = fileURLToPath(new URL('../../../packages/testkit/fixtures/aws-samples/asff/', import.meta.url));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** A counterexample made readable: long strings (400 KB ones above all) and deep nesting shortened. */
function brief(value: unknown): string {
  const shorten = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v;
    if (typeof v !== 'object' || v === null) return v;
    if (depth > 12) return '…(deeper)';
    if (Array.isArray(v)) return v.map((x) => shorten(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x, depth + 1)]));
  };
  const text = JSON.stringify(shorten(value, 0)) ?? String(value);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

/** fc.assert with a short report: the seed and path to replay (FUZZ_SEED=...), the error, a shortened counterexample. */
async function check<T>(property: fc.IProperty<T> | fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { numRuns, seed: SEED, endOnFailure: true });
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `property failed (seed ${details.seed}, path "${details.counterexamplePath}"; replay with FUZZ_SEED=${details.seed}):\n${cause}\ncounterexample: ${brief(details.counterexample)}`,
  );
}

type Finding = Record<string, unknown>;
type Page = { items: unknown[]; intact: Finding[] };

const samples = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => extractFindings(JSON.parse(readFileSync(DIR + f, 'utf8'))));
/** The samples the parser accepts as they are: the bases of every mutation. */
const bases = parsePage(samples).rows.map((r) => JSON.stringify(r.raw));

let fresh = 0;
/** A base sample under an Id no other run uses, so its stored row can be told apart. */
const freshBase = (i: number): Finding => {
  const f = JSON.parse(bases[i % bases.length] ?? '{}') as Finding;
  f.Id = `${String(f.Id)}/fuzz-${SEED}-${++fresh}`;
  f.UpdatedAt = new Date(Date.UTC(2026, 0, 1) + fresh * 1000).toISOString();
  return f;
};

// ---- values that break things ----

const huge = fc
  .tuple(fc.string({ minLength: 1, maxLength: 3, unit: 'binary' }), fc.integer({ min: 100_000, max: 400_000 }))
  .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));
const deep = fc.integer({ min: 90, max: 6000 }).map((n) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { n: v };
  return v;
});
const nasty = fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\ufeff', '\u202e', '💥', '__proto__', 'constructor', "' OR 1=1 --", 'null', '[]', '{}');
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: nasty },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({})) },
  { weight: 1, arbitrary: huge },
);
const timestamps = fc.oneof(
  fc.constantFrom(
    '2023-02-30T00:00:00Z',
    '2023-13-01T00:00:00Z',
    '2020-01-01T24:00:00Z',
    '2020-01-01T00:00:00+24:00',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+01:00',
    '0050-06-15T12:00:00Z',
    '9999-12-31T23:59:59.999999999Z',
    '2020-02-29T00:00:00-23:59',
    '2020-01-01',
    '2020-01-01T00:00:00',
    'yesterday',
    '1',
    '',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  junk,
);
const accountIds = fc.oneof(
  fc.stringMatching(/^\d{11}$/),
  fc.stringMatching(/^\d{13}$/),
  fc.stringMatching(/^\d{12}$/),
  fc.constantFrom('', 'ACCOUNT_ID', '12345678901a', ' 123456789012', '123456789012\n', '１２３４５６７８９０１２', '000000000000'),
  fc.integer({ min: 0, max: 999_999_999_999 }),
  junk,
);
const ids = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc.string({ unit: 'binary', minLength: 400, maxLength: 512 }),
  fc.constantFrom('', '   ', 'x'.repeat(513), 'a\u0000b', 'dup-id', '__proto__'),
  junk,
);
const productArns = fc.oneof(
  fc
    .tuple(fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
    .map(([a, c, p]) => `arn:aws:securityhub:us-east-1:${a}:product/${c}/${p}`),
  fc.constantFrom('arn:aws:securityhub:xx-nowhere-9::product/aws/securityhub', 'arn:aws:securityhub:::product/aws/guardduty', 'not-an-arn'),
  junk,
);
const controlIds = fc.oneof(fc.string({ maxLength: 140 }), fc.constantFrom('config:x', 'config:', 'IAM.1', ' ', 'x'.repeat(129), '__proto__', 'constructor'), junk);

// ---- mutations ----

type Path = string[];

/** Every path to a value in a finding (the root's own keys first), at most six levels down. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length >= 6 || typeof value !== 'object' || value === null) return out;
  for (const key of Object.keys(value)) {
    out.push([...prefix, key]);
    pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
  }
  return out;
}

/** An own property, whatever its name (`__proto__` included, which plain assignment would not create). */
function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function parentOf(root: Finding, path: Path): Record<string, unknown> | null {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : null;
}

type Mutation = { name: string; apply(f: Finding): void };

const at = (name: string, pick: number, change: (parent: Record<string, unknown>, key: string) => void): Mutation => ({
  name,
  apply(f) {
    const paths = pathsOf(f);
    const path = paths[pick % Math.max(paths.length, 1)];
    const parent = path && parentOf(f, path);
    const key = path?.at(-1);
    if (parent && key !== undefined) change(parent, key);
  },
});
const field = (name: string, key: string, values: fc.Arbitrary<unknown>) =>
  values.map((v): Mutation => ({ name: `${name}=${JSON.stringify(v)?.slice(0, 60)}`, apply: (f) => define(f, key, v) }));

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i) => at('delete a field', i, (parent, key) => void delete parent[key])),
  fc.tuple(fc.nat(), junk).map(([i, v]) => at('change a type', i, (parent, key) => define(parent, key, v))),
  fc.tuple(fc.nat(), huge).map(([i, v]) => at('400 KB string', i, (parent, key) => define(parent, key, v))),
  fc.tuple(fc.nat(), deep).map(([i, v]) => at('nested garbage', i, (parent, key) => define(parent, key, v))),
  fc
    .constantFrom('Id', 'AwsAccountId', 'ProductArn', 'CreatedAt', 'UpdatedAt', 'Region', 'Title', 'Severity', 'Compliance', 'Workflow', 'RecordState', 'Resources', 'ProductFields', 'ProductName')
    .map((key): Mutation => ({ name: `delete ${key}`, apply: (f) => void delete f[key] })),
  fc.tuple(fc.constantFrom('CreatedAt', 'UpdatedAt', 'FirstObservedAt'), timestamps).map(([k, v]) => ({ name: `${k}=${String(v).slice(0, 40)}`, apply: (f: Finding) => define(f, k, v) })),
  field('AwsAccountId', 'AwsAccountId', accountIds),
  field('Id', 'Id', ids),
  field('ProductArn', 'ProductArn', productArns),
  field('Region', 'Region', fc.oneof(fc.constantFrom('us-east-1', 'mars-north-1', '', 'us-east-1 '), junk)),
  field('Title', 'Title', fc.oneof(nasty, huge, junk)),
  field('Severity', 'Severity', fc.oneof(fc.record({ Label: fc.oneof(fc.constantFrom('CRITICAL', 'critical', 'HIGH '), junk), Normalized: junk }), junk)),
  field('Resources', 'Resources', fc.oneof(fc.array(fc.record({ Type: junk, Id: junk, Region: junk }), { maxLength: 40 }), junk)),
  fc.tuple(controlIds, fc.boolean()).map(([v, security]): Mutation => ({
    name: `control id ${JSON.stringify(v)?.slice(0, 40)}`,
    apply: (f) => {
      if (security) define(f, 'Compliance', { Status: 'FAILED', SecurityControlId: v });
      else define(f, 'ProductFields', { ControlId: v, StandardsArn: 'arn:aws:securityhub:::standards/pci-dss/v/3.2.1' });
    },
  })),
  fc.constantFrom(
    // Prototype pollution: own `__proto__` and `constructor` keys, at the top and nested, as JSON.parse makes them.
    '{"__proto__": {"polluted": true, "Id": "inherited", "AwsAccountId": "123456789012"}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    '{"Compliance": {"__proto__": {"SecurityControlId": "IAM.1"}, "Status": "FAILED"}}',
    '{"ProductFields": {"__proto__": {"ControlId": "IAM.1"}, "constructor": "x"}}',
    '{"Resources": [{"__proto__": {"Type": "AwsAccount", "Id": "x"}}]}',
  ).map((text): Mutation => ({
    name: `pollute ${text}`,
    apply: (f) => {
      for (const [k, v] of Object.entries(JSON.parse(text) as Finding)) define(f, k, v);
    },
  })),
);

const pages: fc.Arbitrary<Page> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.tuple(fc.nat(), fc.array(mutations, { minLength: 1, maxLength: 4 })).map(([b, ms]) => ({ kind: 'mutated' as const, b, ms })) },
        { weight: 3, arbitrary: fc.nat().map((b) => ({ kind: 'intact' as const, b })) },
        { weight: 1, arbitrary: junk.map((v) => ({ kind: 'junk' as const, v })) },
      ),
      { minLength: 1, maxLength: 25 },
    ),
    fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 4 }),
  )
  .map(([specs, dups]) => {
    const items: unknown[] = [];
    const intact: Finding[] = [];
    for (const spec of specs) {
      if (spec.kind === 'junk') items.push(spec.v);
      else if (spec.kind === 'intact') {
        const f = freshBase(spec.b);
        intact.push(f);
        items.push(f);
      } else {
        const f = freshBase(spec.b);
        for (const m of spec.ms) m.apply(f);
        items.push(f);
      }
    }
    // Duplicate Ids in a page: the same finding again, newer or identical.
    for (const [i, newer] of dups) {
      const original = items[i % items.length];
      if (typeof original !== 'object' || original === null || Array.isArray(original)) continue;
      const copy = { ...(original as Finding) };
      if (newer) copy.UpdatedAt = new Date(Date.UTC(2026, 5, 1) + i).toISOString();
      items.push(copy);
    }
    return { items, intact };
  });

// ---- what must hold ----

/** The Id a finding had (an own, non-blank string of at most 512 characters): as sent, and as stored. */
function ownIds(item: unknown): string[] {
  if (typeof item !== 'object' || item === null || Array.isArray(item) || !Object.hasOwn(item, 'Id')) return [];
  const id = (item as Finding).Id;
  if (typeof id !== 'string' || id.trim() === '' || id.length > 512) return [];
  const storable = storableJson(id);
  return storable.ok ? [id, storable.value as string] : [id];
}

/** parsePage's promise, checked on one page; returns what it accepted. */
function checkParse(page: Page) {
  const before = Object.getOwnPropertyNames(Object.prototype).join();
  const { rows, rejected } = parsePage(page.items);
  // A page is judged finding by finding: the page's answer is its findings' answers, in order.
  const singles = page.items.map((item) => ({ item, ...parsePage([item]) }));
  expect(rows.map((r) => r.finding)).toEqual(singles.flatMap((s) => s.rows.map((r) => r.finding)));
  expect(rejected).toEqual(singles.flatMap((s) => s.rejected));
  for (const single of singles) {
    // Each finding is accepted, or rejected with a reason and its Id when it had one.
    expect(single.rows.length + single.rejected.length).toBe(1);
    const rej = single.rejected[0];
    if (rej === undefined) continue;
    expect(typeof rej.reason).toBe('string');
    expect(rej.reason.length).toBeGreaterThan(0);
    const ids = ownIds(single.item);
    if (ids.length > 0) expect(ids).toContain(rej.id);
  }
  for (const { finding: f, raw } of rows) {
    expect(f.accountId).toMatch(/^\d{12}$/);
    expect(f.controlId?.startsWith('config:') ?? false).toBe(false);
    // Timestamps are the same instants the finding states (no year 0050 read as 1950).
    expect(Date.parse(f.updatedAt)).toBe(Date.parse(String((raw as Finding).UpdatedAt)));
    expect(Date.parse(f.createdAt)).toBe(Date.parse(String((raw as Finding).CreatedAt)));
    expect(() => JSON.stringify(raw)).not.toThrow();
  }
  // The untouched findings of the page always make it.
  const accepted = new Set(rows.map((r) => r.finding.id));
  for (const f of page.intact) expect(accepted.has(f.Id as string), `intact finding ${String(f.Id)} rejected`).toBe(true);
  // Nothing leaked onto Object.prototype from a `__proto__` key.
  expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(before);
  expect(({} as Finding).polluted).toBeUndefined();
  return rows;
}

let db: TestDatabase;
let pool: pg.Pool;
/** Statements sent by the last storePage (BEGIN and COMMIT included). */
let statements = 0;
let counting: pg.Pool;
const RUN = '00000000-0000-4000-8000-00000000f022';

beforeAll(async () => {
  console.log(`ASFF fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  await pool.query(`INSERT INTO sync_run (id, kind, as_of, requested_by) VALUES ($1, 'full', '2026-11-01', 'fuzz')`, [RUN]);
  const wrapped = new WeakSet<pg.PoolClient>();
  counting = Object.assign(Object.create(pool) as pg.Pool, {
    async connect() {
      const client = await pool.connect();
      if (!wrapped.has(client)) {
        wrapped.add(client);
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as { query: unknown }).query = (...args: unknown[]) => {
          statements++;
          return query(...args);
        };
      }
      return client;
    },
  });
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe('mutated ASFF through the ingestion parser', () => {
  it('starts from real samples the parser accepts as they are', () => {
    expect(bases.length).toBeGreaterThan(100);
  });

  it('never throws, and accepts or reports every finding of a page with a reason and its Id', async () => {
    await check(
      fc.property(pages, (page) => {
        checkParse(page);
      }),
      100,
    );
  });
});

describe('mutated ASFF into a real database', () => {
  it('stores every accepted finding of a page in a constant number of statements, whatever the page holds', async () => {
    await check(
      fc.asyncProperty(pages, async (page) => {
        const rows = checkParse(page);
        statements = 0;
        await storePage(counting, RUN, rows, true);
        // BEGIN, accounts, controls, findings, COMMIT: one statement per kind of row, not per finding.
        expect(statements).toBeLessThanOrEqual(5);
        const keys = rows.map((r) => [r.finding.productArn, r.finding.id] as const);
        const { rows: stored } = await pool.query<{ product_arn: string; finding_id: string; title: string }>(
          `SELECT product_arn, finding_id, title FROM finding
           WHERE (product_arn, finding_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
          [keys.map((k) => k[0]), keys.map((k) => k[1])],
        );
        const found = new Map(stored.map((s) => [`${s.product_arn} ${s.finding_id}`, s]));
        for (const [arn, id] of keys) expect(found.has(`${arn} ${id}`), `finding ${id} not stored`).toBe(true);
        for (const f of page.intact) expect(found.get(`${String(f.ProductArn)} ${String(f.Id)}`)?.title).toBe(String(f.Title).slice(0, 256));
      }),
      40,
    );
    // The finding table is still whole: every finding and its account is readable back.
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM finding f JOIN account a ON a.id = f.account_id');
    expect(rows[0]?.n).toBeGreaterThan(0);
  });
});

describe('mutated ASFF through the Security Hub page job', () => {
  function memoryLog() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { log: pino({ level: 'info' }, stream), lines: () => lines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  async function runJob(items: unknown[]) {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO sync_run (kind, as_of, requested_by, parts_total) VALUES ('full', '2026-11-01', 'fuzz', 1) RETURNING id::text`,
    );
    const runId = rows[0]?.id ?? '';
    await pool.query(`INSERT INTO sync_part (sync_run_id, source, account_id, region) VALUES ($1, 'securityhub', '*', 'us-east-1')`, [runId]);
    const { log, lines } = memoryLog();
    const enqueued: string[] = [];
    const aws = {
      // One page, as the SDK delivers it, with the cursor the real source computes from it.
      async *findingPages() {
        await Promise.resolve();
        const latest = maxUpdatedAt(undefined, items, new Date());
        yield { findings: items, query: 'fuzz', ...(latest ? { maxUpdatedAt: latest } : {}) };
      },
    } as unknown as AwsSource;
    const ctx = {
      pool,
      prisma: db.prisma,
      aws,
      settings: { regions: ['us-east-1'], homeRegion: 'us-east-1', aggregator: null, rateLimits: false },
      enqueue: (name: string) => Promise.resolve(void enqueued.push(name)),
      enqueuePart: (_run: string, _part: unknown, name: string) => Promise.resolve(void enqueued.push(name)),
      log,
    } as unknown as JobContext;
    const job = { id: `fuzz-${runId}`, attemptsMade: 0, opts: { attempts: 1 }, updateProgress: () => Promise.resolve() } as unknown as Job;
    await securityHubPage(ctx, job, { runId, region: 'us-east-1', mode: { kind: 'full' }, page: 0 });
    const { rows: part } = await pool.query<{ status: string; error_message: string | null }>(
      `SELECT status, error_message FROM sync_part WHERE sync_run_id = $1::uuid`,
      [runId],
    );
    return { part: part[0], log: lines(), enqueued };
  }

  it('ends its part successfully and logs each rejected finding with its Id and reason', async () => {
    await check(
      fc.asyncProperty(pages, async (page) => {
        const { rejected } = parsePage(page.items);
        const { part, log, enqueued } = await runJob(page.items);
        expect(part, `part failed: ${part?.error_message}`).toMatchObject({ status: 'succeeded' });
        expect(enqueued).toEqual(['sync.finalise']);
        const logged = log.filter((l) => l.msg === 'finding rejected');
        expect(logged.map((l) => [l.findingId, l.reason])).toEqual(rejected.map((r) => [r.id, r.reason]));
      }),
      12,
    );
  });

  it('ends its part successfully when every UpdatedAt of the page is a date Postgres cannot hold', async () => {
    // Date.parse reads each of them; the page's latest would become the next incremental pull's cursor.
    const page = ['0000-06-01T00:00:00Z', '-000001-01-01T00:00:00Z', '-271821-04-20T00:00:00Z'].map((UpdatedAt, i) => ({ ...freshBase(i), UpdatedAt }));
    const { part } = await runJob(page);
    expect(part, `part failed: ${part?.error_message}`).toMatchObject({ status: 'succeeded' });
  });
});
