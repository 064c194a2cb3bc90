import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { isResponseSerializationError, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TokenView } from '@pillar/identity';
import type { AppConfig } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { registerRoutes } from '../routes/index.ts';
import { tokenRoutes } from '../routes/tokens.ts';
import { FindingsPage } from '../schemas/findings.ts';
import { metricsRoutes, type ApiMetrics } from './metrics.ts';
import { convert, createResponseSerializerCompiler, type SerializerPlan } from './response-serializer.ts';

type AnySchema = z.core.$ZodType;

/** Every route module of the app on a bare instance (their dependencies are only used by requests). */
async function appWithAllRoutes(): Promise<{ plans: SerializerPlan[]; schemas: Map<string, AnySchema> }> {
  const plans: SerializerPlan[] = [];
  const schemas = new Map<string, AnySchema>();
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializerCompiler({ checkWithZod: false, onPlan: (p) => plans.push(p) }));
  app.addHook('onRoute', (route) => {
    for (const [status, schema] of Object.entries((route.schema?.response ?? {}) as Record<string, unknown>)) {
      const content = (schema as { content?: Record<string, { schema: AnySchema }> }).content;
      for (const [type, s] of content ? Object.entries(content).map(([t, c]) => [t, c.schema] as const) : [['', schema as AnySchema] as const]) {
        schemas.set(`${[route.method].flat().join(',')} ${route.url} ${status} ${type}`.trim(), s);
      }
    }
  });
  await registerRoutes(app, { sessionSecret: 'x'.repeat(40) } as AppConfig, {} as AppDeps);
  await app.register(metricsRoutes({} as ApiMetrics));
  await app.ready();
  await app.close();
  return { plans, schemas };
}

const ABSENT = Symbol('absent');
/** A value for a schema (with undeclared keys in every object) and the JSON it must give (the declared keys only). */
type Sample = { value: unknown; expected: unknown };

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'binary', minLength: 40, maxLength: 90 }),
  fc.constantFrom('"', '\\', '\u2028', '\ud800', '</script>', 'é', ''),
);

/** Values of the shapes the converter accepts (checks such as patterns and ranges do not change the JSON). */
function sampleOf(schema: AnySchema, at: 'root' | 'property' | 'item'): fc.Arbitrary<Sample> {
  const def = schema._zod.def;
  const same = (arb: fc.Arbitrary<unknown>) => arb.map((v): Sample => ({ value: v, expected: v }));
  switch (def.type) {
    case 'string':
      return same(text);
    case 'number': {
      const isInt = def.checks?.some((c) => (c._zod.def as { format?: string }).format?.includes('int'));
      return same(isInt ? fc.maxSafeInteger() : fc.double({ noNaN: true, noDefaultInfinity: true }));
    }
    case 'boolean':
      return same(fc.boolean());
    case 'null':
      return same(fc.constant(null));
    case 'date':
      return same(fc.date({ noInvalidDate: true }));
    case 'enum':
      return same(fc.constantFrom(...Object.values((def as z.core.$ZodEnumDef).entries)));
    case 'literal':
      return same(fc.constantFrom(...(def as z.core.$ZodLiteralDef<z.core.util.Literal>).values));
    case 'unknown':
    case 'any':
      return fc.oneof(same(fc.jsonValue({ maxDepth: 3 })), fc.constant({ value: undefined, expected: ABSENT }));
    case 'optional':
      return fc.oneof(
        fc.constant({ value: ABSENT, expected: ABSENT }),
        fc.constant({ value: undefined, expected: ABSENT }),
        sampleOf((def as z.core.$ZodOptionalDef).innerType, at),
      );
    case 'nullable':
      return fc.oneof(same(fc.constant(null)), sampleOf((def as z.core.$ZodNullableDef).innerType, at));
    case 'union':
      return fc.oneof(...(def as z.core.$ZodUnionDef).options.map((o) => sampleOf(o, at)));
    case 'array':
      return fc
        .array(sampleOf((def as z.core.$ZodArrayDef).element, 'item'), { maxLength: 3 })
        .map((items) => ({ value: items.map((i) => i.value), expected: items.map((i) => i.expected) }));
    case 'object': {
      const shape = (def as z.core.$ZodObjectDef).shape;
      const keys = Object.keys(shape);
      return fc.tuple(...keys.map((k) => sampleOf(shape[k]!, 'property'))).map((parts) => {
        // Undeclared properties first: the JSON must still follow the schema's order.
        const value: Record<string, unknown> = { secretDigest: 'must-not-leak', passwordHash: 'must-not-leak' };
        const expected: Record<string, unknown> = {};
        parts.forEach((part, i) => {
          const key = keys[i]!;
          if (part.value !== ABSENT) value[key] = part.value;
          if (part.expected !== ABSENT) expected[key] = part.expected;
        });
        return { value, expected };
      });
    }
    default:
      throw new Error(`no sample for ${def.type} at ${at}`);
  }
}

describe('the response serializer of every route', () => {
  let plans: SerializerPlan[];
  let schemas: Map<string, AnySchema>;
  beforeAll(async () => {
    ({ plans, schemas } = await appWithAllRoutes());
  });

  it('is compiled: the routes that keep the Zod serializer (none today) are listed here', () => {
    const fallbacks = plans
      .filter((p) => p.serializer === 'zod')
      .map((p) => `${p.method} ${p.url} ${p.httpStatus ?? ''} ${p.contentType ?? ''}: ${p.reason ?? ''}`);
    expect(fallbacks).toEqual([]);
    expect(plans.length).toBeGreaterThan(100);
    const compiled = (url: string, status: string, type?: string) =>
      plans.some((p) => p.url === url && p.httpStatus === status && p.contentType === type && p.serializer === 'compiled');
    expect(compiled('/api/v1/trends', '200')).toBe(true);
    expect(compiled('/api/v1/findings', '200', 'application/json')).toBe(true);
    expect(compiled('/api/v1/reviews/weekly', '200', 'application/json')).toBe(true);
  });

  it('writes what JSON.stringify writes of the declared properties, in the schema order, and nothing undeclared', () => {
    expect(schemas.size).toBeGreaterThan(100);
    for (const [route, schema] of schemas) {
      const conversion = convert(schema);
      if (!('stringify' in conversion)) throw new Error(`${route}: ${conversion.reason}`);
      fc.assert(
        fc.property(sampleOf(schema, 'root'), ({ value, expected }) => {
          const json = conversion.stringify(value);
          expect(json, route).toBe(JSON.stringify(expected));
          expect(json).not.toContain('must-not-leak');
          // Where Zod accepts the value (patterns and ranges aside), it writes the same bytes.
          const zod = z.safeEncode(schema, value);
          if (zod.success) expect(json, route).toBe(JSON.stringify(zod.data));
        }),
        { numRuns: 40 },
      );
    }
  }, 30_000);
});

describe('the compiled serializer', () => {
  const item = {
    id: '42',
    productArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
    productName: 'Security Hub',
    accountId: '123456789012',
    region: 'eu-west-1',
    controlId: null,
    domain: 'iam',
    title: 'Root user "access" key',
    severity: 'HIGH',
    complianceStatus: 'FAILED',
    workflowStatus: 'NEW',
    recordState: 'ACTIVE',
    resources: [{ Type: 'AwsAccount', Id: 'AWS::::Account:123456789012' }, { Id: 'x' }],
    firstObservedAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-02T10:11:12.123Z',
  };

  const serializer = (checkWithZod: boolean, schema: AnySchema = FindingsPage) =>
    createResponseSerializerCompiler({ checkWithZod })({ schema, method: 'GET', url: '/api/v1/findings', httpStatus: '200' }) as (data: unknown) => string;

  it('never writes an undeclared field, nested ones included, with or without the Zod check', () => {
    const leaky = {
      items: [{ ...item, rawSecret: 'AKIA-SECRET', resources: [{ Id: 'x', sessionToken: 'SECRET' }] }],
      nextCursor: null,
      secret: 'SECRET',
    };
    for (const check of [false, true]) {
      const json = serializer(check)(leaky);
      expect(json).not.toMatch(/SECRET/);
      expect(JSON.parse(json)).toEqual({ items: [{ ...item, resources: [{ Id: 'x' }] }], nextCursor: null });
    }
  });

  it('writes the bytes the Zod serializer wrote', () => {
    const page = { items: [item, { ...item, id: '43', domain: null, controlId: 'IAM.4' }], nextCursor: 'NDI' };
    expect(serializer(false)(page)).toBe(JSON.stringify(z.encode(FindingsPage, page as z.output<typeof FindingsPage>)));
  });

  it('refuses a body without a required field (a ResponseSerializationError, the 500 of a mismatch)', () => {
    const { title: _title, ...untitled } = item;
    for (const check of [false, true]) {
      let error: unknown;
      try {
        serializer(check)({ items: [untitled], nextCursor: null });
      } catch (e) {
        error = e;
      }
      expect(isResponseSerializationError(error)).toBe(true);
    }
  });

  it('with the Zod check, refuses what only Zod sees (an enum value, a pattern); without it, writes it as given', () => {
    const wrong = { items: [{ ...item, severity: 'SEVERE', accountId: '42' }], nextCursor: null };
    expect(() => serializer(true)(wrong)).toThrow(/doesn't match the schema/);
    expect(JSON.parse(serializer(false)(wrong))).toEqual(wrong);
  });

  it('keeps the Zod serializer for what it cannot convert faithfully, and says why', () => {
    const cases: [AnySchema, RegExp][] = [
      [z.object({ n: z.string().transform((s) => s.length) }), /^n: pipe/],
      [z.object({ a: z.string().default('x') }), /^a: default/],
      [z.looseObject({ a: z.string() }), /undeclared properties/],
      [z.object({ a: z.union([z.object({ x: z.string() }), z.object({ y: z.string() })]) }), /^a: a union of non-scalar/],
      [z.object({ a: z.string().trim() }), /rewrites the value/],
      [z.object({ a: z.array(z.unknown()) }), /^a\[\]: unknown outside an object property/],
      [z.object({ a: z.record(z.string(), z.number()) }), /^a: record/],
    ];
    for (const [schema, why] of cases) {
      const conversion = convert(schema);
      expect('reason' in conversion ? conversion.reason : 'compiled').toMatch(why);
      // And that serializer is the Zod one: it encodes (and validates).
      const fallback = createResponseSerializerCompiler({ checkWithZod: false })({ schema, method: 'GET', url: '/x' }) as (d: unknown) => string;
      expect(() => fallback(42)).toThrow(/doesn't match the schema/);
    }
    // Dates, scalar unions, literals and unknown properties convert.
    const ok = z.object({ at: z.date(), v: z.union([z.string(), z.number()]).nullable(), k: z.literal('ok'), raw: z.unknown(), o: z.int().optional() });
    const conversion = convert(ok);
    if (!('stringify' in conversion)) throw new Error(conversion.reason);
    const at = new Date('2026-01-02T03:04:05.006Z');
    expect(conversion.stringify({ at, v: 1.5, k: 'ok', raw: { a: [1] }, o: undefined })).toBe('{"at":"2026-01-02T03:04:05.006Z","v":1.5,"k":"ok","raw":{"a":[1]}}');
    expect(conversion.stringify({ at, v: null, k: 'ok' })).toBe('{"at":"2026-01-02T03:04:05.006Z","v":null,"k":"ok"}');
  });
});

describe('a route answering through the compiled serializer', () => {
  let app: FastifyInstance;
  const token: TokenView & { secretDigest: string } = {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'ci',
    role: 'viewer',
    prefix: 'plr_abcd',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    lastUsedAt: null,
    revokedAt: null,
    // What the database row has and the answer must never show.
    secretDigest: 'sha256:0123456789abcdef',
  };
  beforeAll(async () => {
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(createResponseSerializerCompiler({ checkWithZod: false }));
    await app.register(tokenRoutes({ identity: { listTokens: () => Promise.resolve([token]) } as never }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('leaves out a secret-like field of the row', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/tokens' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('sha256');
    expect(res.json()).toEqual({
      items: [{ id: token.id, name: 'ci', role: 'viewer', prefix: 'plr_abcd', createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: null, revokedAt: null }],
    });
  });
});
