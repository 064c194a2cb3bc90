import fc from 'fast-check';
import type { FastifySchema } from 'fastify';
import type { Facts } from './world.ts';
import { urlOf, type RawRequest } from './http.ts';

// Inputs no client should send: wrong types, huge values, odd unicode, SQL, arrays for scalars, malformed JSON,
// wrong content types. The app must answer each with a 4xx in the contract's shape (or a 2xx it can stand behind).

const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '💥',
  '\u202e',
  '%',
  '_',
  '\\',
  "'",
  "' OR 1=1 --",
  "'; DROP TABLE finding; --",
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9'.repeat(40),
  'true',
  '[]',
  '{}',
  '0000-01-01',
  '0001-01-01',
  '1969-12-31',
  '2020-02-30',
  '9999-12-31',
  '0000-W01',
  '0001-W01',
  '2020-W53',
  '2026-W53',
  '9999-W52',
  '000000000000',
  'pillar_' + 'A'.repeat(43),
);
/** A value for one query or path parameter, as text. */
export const junkText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
);

/** A plausible value for a parameter the route knows (so the handler, not only the schema, sees odd input). */
function nearValid(name: string, f: Facts): fc.Arbitrary<string> {
  const of = (...values: string[]) => (values.length > 0 ? fc.constantFrom(...values) : fc.constant(''));
  const byName: Record<string, fc.Arbitrary<string>> = {
    accountId: of(...f.accountIds, '123456789012'),
    controlId: of(...f.controlIds.slice(0, 50), 'IAM.1', 'config:x'),
    id: of(...f.findingIds.slice(0, 20), ...f.syncIds, '00000000-0000-4000-8000-000000000000', '9223372036854775808'),
    date: of(f.today, f.firstDay, f.lastDay),
    from: of(f.firstDay, f.today),
    to: of(f.lastDay, f.today),
    queueName: of(...f.queueNames),
    jobId: of(f.probeJob.id),
  };
  return byName[name] ?? junkText;
}

const malformedJson = fc.constantFrom(
  '{',
  '{"a":',
  '{"email": "a@b.test", "password": ',
  '[',
  'nul',
  '"\\ud800"',
  '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"polluted": 1}}}',
  '{"a":1,"a":2}',
  '\u0000',
  ' ',
  '1e99999',
);
const wrongTypes = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/octet-stream',
  'application/merge-patch+json',
  '',
);

/** The field names a body schema declares, so that junk also comes under the right names. */
function bodyKeys(schema: FastifySchema | undefined): string[] {
  let s = schema?.body as { shape?: object; unwrap?: () => unknown; def?: { innerType?: unknown; in?: unknown } } | undefined;
  for (let i = 0; i < 4 && s && !s.shape; i++) s = (s.def?.innerType ?? s.def?.in ?? s.unwrap?.()) as typeof s;
  return s?.shape ? Object.keys(s.shape) : [];
}

function queryKeys(schema: FastifySchema | undefined): string[] {
  const shape = (schema?.querystring as { shape?: object } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** A body: none, any JSON, the route's fields with wrong values and extras, malformed JSON, the wrong type, too big. */
function junkBody(keys: string[], f: Facts): fc.Arbitrary<{ type?: string; body?: string }> {
  const fields = fc
    .tuple(
      fc.subarray(keys),
      fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), junkText, fc.constant(null)), { minLength: keys.length, maxLength: keys.length }),
      fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'role', 'isAdmin')), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    )
    .map(([chosen, values, extra]) => {
      const body: Record<string, unknown> = { ...extra };
      chosen.forEach((k, i) => Object.defineProperty(body, k, { value: k === 'accountId' ? f.accountIds[0] : values[i], enumerable: true, writable: true, configurable: true }));
      return { type: 'application/json', body: JSON.stringify(body) };
    });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({}) },
    { weight: 3, arbitrary: fields },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ type: 'application/json', body: JSON.stringify(v) })) },
    { weight: 2, arbitrary: malformedJson.map((body) => ({ type: 'application/json', body })) },
    { weight: 1, arbitrary: fc.constant({ type: 'application/json', body: '' }) },
    { weight: 2, arbitrary: fc.tuple(wrongTypes, fc.oneof(junkText, fc.constant('name=x&role=admin'))).map(([type, body]) => ({ type, body })) },
    { weight: 1, arbitrary: fc.integer({ min: 65_536, max: 200_000 }).map((n) => ({ type: 'application/json', body: JSON.stringify({ name: 'x'.repeat(n) }) })) },
  );
}

const accepts = fc.constantFrom('text/csv', 'text/markdown', '*/*', 'text/html', 'application/json;q=0, text/csv;q=0.5', 'garbage', 'text/csv;q=abc', 'x/y, */*;q=0.1', 'a'.repeat(5000));

/**
 * Junk for one route, with an admin credential (so that the handler is reached): its path parameters, its query
 * string (known and unknown keys, repeated keys, huge values) and, for methods that carry one, its body.
 */
export function junkRequest(method: string, pattern: string, schema: FastifySchema | undefined, f: Facts, admin: Record<string, string>): fc.Arbitrary<RawRequest> {
  const params = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
  const keys = queryKeys(schema);
  const withBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  // Never empty: `/api/v1/accounts/` is another route (the list), not this one with an odd parameter.
  const value = (name: string) => fc.oneof({ weight: 2, arbitrary: junkText }, { weight: 1, arbitrary: nearValid(name, f) }).filter((v) => v !== '');
  return fc
    .record({
      params: fc.tuple(...params.map((p) => value(p))),
      query: fc.array(
        fc.tuple(
          fc.oneof({ weight: 4, arbitrary: keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('q') }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 12 }), nasty) }),
          fc.nat(),
        ),
        { maxLength: 6 },
      ),
      values: fc.array(fc.oneof({ weight: 3, arbitrary: junkText }, { weight: 2, arbitrary: fc.constant('') }), { minLength: 6, maxLength: 6 }),
      near: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      nearValues: fc.tuple(...['date', 'accountId', 'controlId', 'from', 'to', 'id'].map((n) => nearValid(n, f))),
      body: withBody ? junkBody(bodyKeys(schema), f) : fc.constant<{ type?: string; body?: string }>({}),
      accept: fc.option(accepts, { nil: undefined }),
    })
    .map(({ params: values, query, values: qv, near, nearValues, body, accept }) => {
      const paramValues = Object.fromEntries(params.map((p, i) => [p, values[i] ?? '']));
      // Repeated keys become arrays: a scalar parameter given twice.
      const pairs = query.map(([k], i): [string, string] => [k, near[i] ? (nearValues[i % nearValues.length] ?? '') : (qv[i] ?? '')]);
      return {
        method,
        url: urlOf(pattern, paramValues, pairs).replace(/\*$/, 'x'),
        headers: { ...admin, ...(body.type !== undefined ? { 'content-type': body.type } : {}), ...(accept ? { accept } : {}) },
        ...(body.body !== undefined ? { body: body.body } : {}),
      };
    });
}
