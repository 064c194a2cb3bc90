import fastJson, { type AnySchema as SerializerSchema } from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError, serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * The response serializer: each route's Zod response schema becomes, once, a JSON Schema (`z.toJSONSchema`, io
 * 'output') and then a fast-json-stringify function, which writes the same bytes as the Zod serializer (Zod's encode,
 * then JSON.stringify) for every body the schema accepts: ~1 ms instead of ~10 on a 366-point trend. A schema that
 * cannot be converted faithfully (a transform, a default, a loose object, a union of objects, ...) keeps the Zod
 * serializer; that is decided here at compile time, silently, and `onPlan` reports it (the unit test lists them).
 *
 * The compiled function writes only declared properties (never an undeclared one, a secret-like column included) and
 * throws on a missing required one, but it does not validate (an enum value, a pattern, a range). The choice: production
 * skips Zod (~10 ms of a read's 50 ms budget on a long trend; the handlers' bodies are typed from the same schemas); with
 * `checkWithZod` (every test app; PILLAR_CHECK_RESPONSES=on in development) each body is also checked by Zod, as before,
 * and the compiled JSON compared with Zod's, so the integration and fuzz suites keep proving both the schemas and the
 * conversion.
 */

type AnySchema = z.core.$ZodType;
/** How Fastify hands over a response schema: the Zod schema, or wrapped as `properties` (as the Zod provider accepts). */
type RouteSchema = AnySchema | { properties: AnySchema };

/** What became of one response schema of a route: compiled, or left to the Zod serializer (and why). */
export type SerializerPlan = {
  method: string;
  url: string;
  httpStatus?: string;
  contentType?: string;
  serializer: 'compiled' | 'zod';
  /** Why the schema was not compiled (serializer 'zod' only). */
  reason?: string;
};

export type ResponseSerializerOptions = {
  /** Also check every body with Zod and compare the compiled JSON with Zod's (tests, development). */
  checkWithZod: boolean;
  /** Told of every compiled response schema (tests list the fallbacks). */
  onPlan?: (plan: SerializerPlan) => void;
};

type Stringify = (data: unknown) => string;
type Conversion = { stringify: Stringify } | { reason: string };

/** Conversions by Zod schema: ErrorBody serves most statuses of every route, and the tests build many apps. */
const conversions = new WeakMap<AnySchema, Conversion>();

export function createResponseSerializerCompiler(options: ResponseSerializerOptions): FastifySerializerCompiler<RouteSchema> {
  return (route) => {
    const { method, url, httpStatus, contentType } = route;
    const schema = zodSchemaOf(route.schema);
    const conversion = convert(schema);
    const where = { method, url, ...(httpStatus === undefined ? {} : { httpStatus }), ...(contentType === undefined ? {} : { contentType }) };
    if ('reason' in conversion) {
      options.onPlan?.({ ...where, serializer: 'zod', reason: conversion.reason });
      return zodSerializerCompiler(route);
    }
    options.onPlan?.({ ...where, serializer: 'compiled' });
    const { stringify } = conversion;
    const compiled = (data: unknown) => {
      try {
        return stringify(data);
      } catch (error) {
        // A required property missing, a value fast-json-stringify cannot write: the same 500 as a Zod mismatch.
        throw serializationError(method, url, error instanceof Error ? error.message : String(error));
      }
    };
    if (!options.checkWithZod) return compiled;
    return (data) => {
      const checked = z.safeEncode(schema, data);
      if (!checked.success) throw new ResponseSerializationError(method, url, { cause: checked.error });
      // The compiled function gets the handler's own value, as in production.
      const json = compiled(data);
      const expected = JSON.stringify(checked.data);
      if (json !== expected) {
        throw serializationError(method, url, `the compiled serializer wrote ${clip(json)} where Zod writes ${clip(expected)}`);
      }
      return json;
    };
  };
}

/** The error the error handler logs and answers 500 for (its cause a ZodError, as with the Zod serializer). */
function serializationError(method: string, url: string, message: string): ResponseSerializationError {
  return new ResponseSerializationError(method, url, { cause: new z.ZodError([{ code: 'custom', message, path: [], input: undefined }]) });
}

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

function zodSchemaOf(schema: RouteSchema): AnySchema {
  if (schema instanceof z.core.$ZodType) return schema;
  if (typeof schema === 'object' && 'properties' in schema && schema.properties instanceof z.core.$ZodType) return schema.properties;
  // What the Zod provider's own compiler does with anything else.
  throw new Error(`Invalid schema passed: ${JSON.stringify(schema)}`);
}

class Unfaithful extends Error {}

/** The compiled serializer of a response schema, or why it keeps the Zod serializer. */
export function convert(schema: AnySchema): Conversion {
  const cached = conversions.get(schema);
  if (cached) return cached;
  let conversion: Conversion;
  try {
    checkFaithful(schema, 'root', '', new Set());
    const jsonSchema = z.toJSONSchema(schema, {
      io: 'output',
      // fast-json-stringify reads draft 7.
      target: 'draft-07',
      // checkFaithful refused everything that has no JSON Schema; the rest is rewritten by `override`.
      unrepresentable: 'any',
      cycles: 'throw',
      reused: 'inline',
      override: ({ zodSchema, jsonSchema }) => rewrite(zodSchema, jsonSchema as Json),
    });
    const serializerSchema = toSerializerSchema(jsonSchema, '');
    conversion = { stringify: fastJson(serializerSchema as SerializerSchema) as Stringify };
  } catch (error) {
    conversion = { reason: error instanceof Error ? error.message : String(error) };
  }
  conversions.set(schema, conversion);
  return conversion;
}

/** JSON types of the leaves a scalar union or a literal may take. */
const LEAF_TYPES = new Set(['string', 'number', 'boolean', 'null', 'enum', 'literal']);

/**
 * Throws unless serializing with the schema's JSON Schema gives what Zod's encode + JSON.stringify gives for every
 * value the schema accepts. `at` is where the value sits: an object property may be absent or undefined (left out of
 * the JSON by both); anywhere else undefined would not be JSON.
 */
function checkFaithful(schema: AnySchema, at: 'root' | 'property' | 'item', path: string, inProgress: Set<AnySchema>): void {
  const def = schema._zod.def;
  const here = path || '(root)';
  const refuse = (why: string) => {
    throw new Unfaithful(`${here}: ${why}`);
  };
  if ('coerce' in def && def.coerce) refuse('a coerced value');
  // .trim(), .toLowerCase(), .normalize(): Zod rewrites the value as it encodes it.
  if (def.checks?.some((c) => c._zod.def.check === 'overwrite')) refuse('a check that rewrites the value (trim, case, normalize)');
  if (inProgress.has(schema)) refuse('a recursive schema');
  inProgress.add(schema);
  try {
    switch (def.type) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
      case 'enum':
      case 'date':
        return;
      case 'literal': {
        const values = (def as z.core.$ZodLiteralDef<z.core.util.Literal>).values;
        if (!values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) refuse('a literal that is not a JSON value');
        return;
      }
      case 'unknown':
      case 'any':
        // Written with JSON.stringify; only a property may be undefined (then left out, as Zod's JSON leaves it).
        if (at !== 'property') refuse(`${def.type} outside an object property`);
        return;
      case 'optional':
        if (at !== 'property') refuse('optional outside an object property');
        return checkFaithful((def as z.core.$ZodOptionalDef).innerType, at, path, inProgress);
      case 'nullable':
        return checkFaithful((def as z.core.$ZodNullableDef).innerType, at, path, inProgress);
      case 'array':
        return checkFaithful((def as z.core.$ZodArrayDef).element, 'item', `${path}[]`, inProgress);
      case 'object': {
        const { shape, catchall } = def as z.core.$ZodObjectDef;
        // Stripped (no catchall) and strict (never) objects drop undeclared keys; a loose or catchall one writes them.
        if (catchall !== undefined && catchall._zod.def.type !== 'never') refuse('an object that keeps undeclared properties');
        for (const [key, value] of Object.entries(shape)) checkFaithful(value, 'property', path ? `${path}.${key}` : key, inProgress);
        return;
      }
      case 'union': {
        // fast-json-stringify would pick a branch with ajv, and Zod by parsing: only scalars are written alike whatever the branch.
        const options = (def as z.core.$ZodUnionDef).options;
        if (!options.every((o) => LEAF_TYPES.has(o._zod.def.type))) refuse('a union of non-scalar options');
        for (const option of options) checkFaithful(option, at, path, inProgress);
        return;
      }
      default:
        // transform, pipe (and codecs), default, prefault, catch, record, tuple, intersection, lazy, bigint, ...
        refuse(`${def.type} is not converted`);
    }
  } finally {
    inProgress.delete(schema);
  }
}

type Json = Record<string, unknown>;

/** Whether a property may be undefined: then it is not `required` (both serializers leave it out of the JSON). */
function acceptsUndefined(schema: AnySchema): boolean {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'unknown':
    case 'any':
    case 'undefined':
      return true;
    case 'nullable':
      return acceptsUndefined((def as z.core.$ZodNullableDef).innerType);
    case 'union':
      return (def as z.core.$ZodUnionDef).options.some(acceptsUndefined);
    default:
      return false;
  }
}

/** JSON types a leaf may take. */
function jsonTypesOf(schema: AnySchema): string[] {
  const def = schema._zod.def;
  const ofValues = (values: readonly unknown[]) => values.map((v) => (v === null ? 'null' : typeof v));
  switch (def.type) {
    case 'enum':
      return ofValues(Object.values((def as z.core.$ZodEnumDef).entries));
    case 'literal':
      return ofValues((def as z.core.$ZodLiteralDef<z.core.util.Literal>).values);
    default:
      return [def.type];
  }
}

/** `z.toJSONSchema`'s override: the cases it cannot represent, or represents for validation rather than writing. */
function rewrite(zodSchema: AnySchema, json: Json): void {
  const replace = (next: Json) => {
    for (const key of Object.keys(json)) delete json[key];
    Object.assign(json, next);
  };
  const def = zodSchema._zod.def;
  switch (def.type) {
    case 'date':
      // Written as toISOString(), as JSON.stringify writes a Date.
      return replace({ type: 'string', format: 'date-time' });
    case 'unknown':
    case 'any':
      // Written with JSON.stringify.
      return replace({});
    case 'object': {
      // Zod lists a `z.unknown()` property as required, yet accepts it undefined (and writes nothing). And
      // fast-json-stringify writes required properties first: only those before the first that may be undefined are
      // marked, so that the keys keep Zod's order (a later one missing is then left out rather than refused).
      const keys = Object.keys((def as z.core.$ZodObjectDef).shape);
      const shape = (def as z.core.$ZodObjectDef).shape;
      const firstOptional = keys.findIndex((key) => acceptsUndefined(shape[key]!));
      json.required = firstOptional < 0 ? keys : keys.slice(0, firstOptional);
      return;
    }
    case 'literal':
    case 'union': {
      const options = def.type === 'union' ? (def as z.core.$ZodUnionDef).options : [zodSchema];
      const types = [...new Set(options.flatMap(jsonTypesOf))];
      return replace({ type: types.length === 1 ? types[0] : types });
    }
  }
}

/** Annotations and validation keywords: nothing fast-json-stringify writes depends on them. */
const DROPPED = new Set([
  '$schema',
  'title',
  'description',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  'enum',
  'const',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contentEncoding',
  'contentMediaType',
]);

/**
 * The JSON Schema as fast-json-stringify should read it: only `type` (`nullable` for the X-or-null that Zod writes
 * as anyOf or a type list), `properties`, `required`, `items`, and `format: date-time`. Anything else is refused,
 * so that no keyword makes fast-json-stringify validate with ajv or write something Zod would not.
 */
function toSerializerSchema(node: Json, path: string): Json {
  const here = path || '(root)';
  const refuse = (why: string): never => {
    throw new Unfaithful(`${here}: ${why}`);
  };
  let schema = node;
  let nullable = false;
  if (Array.isArray(schema.anyOf)) {
    const { anyOf, ...rest } = schema;
    const others = (anyOf as Json[]).filter((branch) => !(Object.keys(branch).length === 1 && branch.type === 'null'));
    if (others.length !== 1 || anyOf.length !== 2) refuse('anyOf other than X or null');
    schema = { ...rest, ...others[0] };
    nullable = true;
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    switch (key) {
      case 'type': {
        const types = (Array.isArray(value) ? value : [value]) as string[];
        const nonNull = types.filter((t) => t !== 'null');
        if (nonNull.length < types.length && nonNull.length > 0) nullable = true;
        out.type = nonNull.length === 0 ? 'null' : nonNull.length === 1 ? nonNull[0] : nonNull;
        break;
      }
      case 'format':
        if (value === 'date-time') out.format = value;
        break;
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, Json>).map(([name, sub]) => [name, toSerializerSchema(sub, path ? `${path}.${name}` : name)]),
        );
        break;
      case 'required':
        out.required = value;
        break;
      case 'additionalProperties':
        if (value !== false) refuse('additionalProperties other than false');
        break;
      case 'items':
        if (Array.isArray(value) || typeof value !== 'object' || value === null) refuse('items that are not one schema');
        out.items = toSerializerSchema(value as Json, `${path}[]`);
        break;
      default:
        refuse(`the keyword ${key}`);
    }
  }
  // A type list with null among several: fast-json-stringify dispatches on the value's type, null first.
  if (nullable && Array.isArray(out.type)) out.type = [...(out.type as string[]), 'null'];
  else if (nullable && out.type !== 'null') out.nullable = true;
  return out;
}
