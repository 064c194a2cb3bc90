import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parsePage, storePage } from '../../../worker/src/jobs/securityhub-page.ts';
import { hasNoControlCharacters } from '../../src/schemas/common.ts';
import { expectSoundAnswer, schemaOf, send, urlOf } from '../fuzz/http.ts';
import { fuzzSuite, keyOf } from '../fuzz/suite.ts';

// SQL-injection strings in every text filter of every reading route (the parameters come from the routes' own
// schemas), in path parameters and in body fields: each answer is an ordinary one (400 for a malformed value, or
// a 200 whose results match the literal string only), and the database is intact afterwards.

vi.mock('fastify', async (importOriginal) => (await import('../fuzz/capture.ts')).capturingFastify(await importOriginal()));

const { world, routes } = await fuzzSuite(31);
afterAll(async () => {
  await world.close();
});

const ATTACKS = [
  "' OR 1=1 --",
  "'; DROP TABLE finding; --",
  "' OR ''='",
  '" OR "1"="1',
  "1'; SELECT pg_sleep(3); --",
  "') OR ('1'='1",
  "' UNION SELECT id, raw FROM finding --",
  '%',
  '_',
  '%_%',
  '\\',
  '\\%',
  '\\\\',
  '$1',
  '$$',
  '*',
  '.*',
  '[a-z]',
  'ü',
  'İ',
  '💥',
  "O'Brien",
  'a\u0000b',
  '\u0000',
  '%00',
  'x'.repeat(300),
];

/** Findings whose titles hold the characters above, so that a literal search has something to find. */
const TITLES = [
  'Quota at 100% for the _default_ pool',
  'Path C:\\temp\\% is world-writable',
  "O'Brien's bucket is public",
  "Title with ' OR 1=1 -- inside",
  'Unicode: ünïcödé 💥 İstanbul',
  'Wildcards * and .* and [a-z] in a title',
  'Dollar $1 and $$ quoted',
];

let pool: pg.Pool;
let tables: string[];
let findings: number;

async function tableNames(): Promise<string[]> {
  const { rows } = await pool.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  return rows.map((r) => r.t);
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: world.t.db.url, max: 2 });
  const accountId = world.facts.accountIds[0] ?? '';
  const now = new Date().toISOString();
  const raw = TITLES.map((Title, i) => ({
    Id: `injection-fixture-${i}`,
    ProductArn: 'arn:aws:securityhub:us-east-1::product/acme/scanner',
    ProductName: 'Acme Scanner',
    AwsAccountId: accountId,
    CreatedAt: now,
    UpdatedAt: now,
    Title,
    Severity: { Label: 'LOW' },
    Resources: [{ Type: 'Other', Id: `resource-${i}-${Title.slice(0, 12)}` }],
  }));
  const { rows, rejected } = parsePage(raw);
  expect(rejected).toEqual([]);
  await storePage(pool, world.facts.syncIds[0] ?? '', rows, false);
  tables = await tableNames();
  findings = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM finding')).rows[0]?.n);
});

afterAll(async () => {
  await pool.end();
});

/** Every finding id a search finds, through every page. */
async function searchAll(q: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const url = urlOf('/api/v1/findings', {}, [['q', q], ['limit', '500'], ...(cursor ? ([['cursor', cursor]] as [string, string][]) : [])]);
    const res = await send(world.t, { method: 'GET', url, headers: world.viewer });
    expect(res.status, `q=${JSON.stringify(q)}: ${res.text}`).toBe(200);
    const body = res.body as { items: { id: string }[]; nextCursor: string | null };
    for (const item of body.items) ids.add(item.id);
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

/** The findings whose control id, title or a resource id contains the text, compared as plain strings. */
async function literally(q: string): Promise<Set<string>> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text FROM finding WHERE strpos(lower(coalesce(control_id, '') || ' ' || title || ' ' || array_to_string(resource_ids, ' ')), lower($1)) > 0`,
    [q],
  );
  return new Set(rows.map((r) => r.id));
}

describe('SQL-injection strings', () => {
  it('in `q` find exactly the findings that contain the literal text (no wildcard, no escape, no injection)', async () => {
    for (const attack of ATTACKS) {
      const q = attack.trim();
      if (!hasNoControlCharacters(q) || q.length > 200) {
        const res = await send(world.t, { method: 'GET', url: urlOf('/api/v1/findings', {}, [['q', attack]]), headers: world.viewer });
        expect(res.status, JSON.stringify(attack)).toBe(400);
        continue;
      }
      const found = await searchAll(attack);
      expect(found, `q=${JSON.stringify(attack)}`).toEqual(await literally(q));
    }
    // Not vacuous: the wildcard and quote characters are found where they literally are, and only there.
    expect((await searchAll('%')).size).toBeGreaterThanOrEqual(2);
    expect((await searchAll('_')).size).toBeGreaterThanOrEqual(1);
    expect((await searchAll("' OR 1=1 --")).size).toBe(1);
    expect((await searchAll('\\')).size).toBe(1);
  });

  it('in every text parameter of every reading route give an ordinary answer: 200 or 400, never a 5xx', async () => {
    const reading = routes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/'));
    let tried = 0;
    for (const route of reading) {
      const shape = (schemaOf('GET', route.url)?.querystring as { shape?: object } | undefined)?.shape ?? {};
      for (const name of Object.keys(shape)) {
        for (const attack of ATTACKS) {
          const started = Date.now();
          const headers = route.access === 'admin' ? world.admin : world.viewer;
          const res = await send(world.t, { method: 'GET', url: urlOf(route.url, sampleParams(), [[name, attack]]), headers });
          const where = `${keyOf(route)} ?${name}=${JSON.stringify(attack)}`;
          expect([200, 400, 404], `${where}: ${res.status} ${(res.text ?? '').slice(0, 200)}`).toContain(res.status);
          expectSoundAnswer(res, 'GET', route.url, where);
          // pg_sleep(3) never runs.
          expect(Date.now() - started, where).toBeLessThan(2500);
          if (res.status === 200 && name === 'controlId') {
            for (const item of (res.body as { items: { controlId: string | null }[] }).items) expect(item.controlId, where).toBe(attack);
          }
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(300);
  });

  it('in path parameters are 400 or 404 (414 when too long)', async () => {
    for (const route of routes.filter((r) => r.url.startsWith('/api/v1/') && r.url.includes(':'))) {
      for (const attack of ATTACKS) {
        const params = Object.fromEntries([...route.url.matchAll(/:(\w+)/g)].map((m) => [m[1] ?? '', attack]));
        const res = await send(world.t, { method: route.method, url: urlOf(route.url, params), headers: { ...world.admin, 'content-type': 'application/json' }, ...(route.method === 'PUT' ? { body: '{"domain":"iam"}' } : {}) });
        const where = `${keyOf(route)} with ${JSON.stringify(attack)}`;
        expect([400, 404, 414], `${where}: ${res.status} ${(res.text ?? '').slice(0, 200)}`).toContain(res.status);
        expectSoundAnswer(res, route.method, route.url, where);
      }
    }
  });

  it('in body fields are stored or refused as plain text', async () => {
    for (const attack of ATTACKS) {
      const res = await world.t.http.post('/api/v1/tokens').set(world.admin).send({ name: attack, role: 'viewer' });
      const name = attack.trim();
      if (res.status === 201) expect((res.body as { name: string }).name).toBe(name);
      else expect(res.status, JSON.stringify(attack)).toBe(400);
      const login = await world.t.http.post('/api/v1/auth/login').set('x-forwarded-for', `198.19.2.${ATTACKS.indexOf(attack)}`).send({ email: attack, password: attack });
      expect([400, 401], JSON.stringify(attack)).toContain(login.status);
    }
    const stored = await pool.query<{ name: string }>(`SELECT name FROM api_token WHERE name = $1`, ["' OR 1=1 --"]);
    expect(stored.rows).toEqual([{ name: "' OR 1=1 --" }]);
  });

  it('leave every table in place and every finding there', async () => {
    expect(await tableNames()).toEqual(tables);
    const { rows } = await pool.query<{ t: string | null; n: string }>(`SELECT to_regclass('public.finding')::text AS t, (SELECT count(*) FROM finding) AS n`);
    expect(rows[0]).toEqual({ t: 'finding', n: String(findings) });
  });
});

function sampleParams(): Record<string, string> {
  return { accountId: world.facts.accountIds[0] ?? '', id: world.facts.findingIds[0] ?? '1' };
}
