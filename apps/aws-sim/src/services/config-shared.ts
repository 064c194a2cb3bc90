import type { Evaluation, SimConfigRule } from '../config-model.ts';
import { ruleArn, ruleId } from '../config-model.ts';
import { AwsError } from '../errors.ts';
import { queryHash } from '../tokens.ts';
import type { TokenCodec } from '../tokens.ts';
import type { World } from '../world.ts';

/** awsJson timestamps are epoch seconds (with milliseconds as the fraction). */
export const epochSeconds = (ms: number): number => Math.round(ms) / 1000;

export function ruleShape(world: World, rule: SimConfigRule): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ConfigRuleName: rule.name,
    ConfigRuleArn: ruleArn(world, rule),
    ConfigRuleId: ruleId(world, rule),
    Description: rule.description,
    Scope: { ComplianceResourceTypes: rule.resourceTypes },
    Source: { Owner: 'AWS', SourceIdentifier: rule.sourceIdentifier },
    InputParameters: '{}',
    ConfigRuleState: 'ACTIVE',
    EvaluationModes: [{ Mode: 'DETECTIVE' }],
  };
  if (rule.resourceTypes.includes('AWS::::Account')) {
    out.Scope = {};
    out.MaximumExecutionFrequency = 'TwentyFour_Hours';
  }
  if (rule.createdBy) out.CreatedBy = rule.createdBy;
  return out;
}

export function evaluationShape(ruleName: string, e: Evaluation): Record<string, unknown> {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: { ConfigRuleName: ruleName, ResourceType: e.resourceType, ResourceId: e.resourceId, EvaluationMode: 'DETECTIVE' },
      OrderingTimestamp: epochSeconds(e.recordedAt - 60_000),
    },
    ComplianceType: e.compliance,
    ResultRecordedTime: epochSeconds(e.recordedAt),
    ConfigRuleInvokedTime: epochSeconds(e.recordedAt - 2_000),
  };
}

export function complianceShape(type: string, nonCompliant: number): Record<string, unknown> {
  if (type !== 'NON_COMPLIANT') return { ComplianceType: type };
  return { ComplianceType: type, ComplianceContributorCount: { CappedCount: Math.min(nonCompliant, 100), CapExceeded: nonCompliant > 100 } };
}

export const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterValueException', message);
export const validation = (message: string): AwsError => new AwsError('ValidationException', message);

export function optionalString(input: Record<string, unknown>, key: string, bad: (m: string) => AwsError): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw bad(`${key} must be a non-empty string.`);
  return v;
}

export function stringList(input: Record<string, unknown>, key: string, allowed: readonly string[] | null, bad: (m: string) => AwsError): string[] | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`${key} must be a list of strings.`);
  const list = v as string[];
  if (allowed) {
    const badValue = list.find((x) => !allowed.includes(x));
    if (badValue !== undefined) throw bad(`${key} contains an invalid value: ${badValue}. Valid values: ${allowed.join(', ')}.`);
  }
  return list;
}

/** Limit of 0 (or none) means the default; above `max` the call fails with `tooBig`. */
export function limitOf(input: Record<string, unknown>, def: number, max: number, tooBig: (m: string) => AwsError): number {
  const v = input.Limit;
  if (v === undefined || v === null || v === 0) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw tooBig(`Limit must be between 0 and ${max}.`);
  return v;
}

export type Key = ReadonlyArray<string | number>;

export function compareKeys(a: Key, b: Key): number {
  for (let n = 0; n < Math.min(a.length, b.length); n++) {
    const x = a[n] ?? '';
    const y = b[n] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Keyset pagination over items already in key order: the token carries the last key and a hash of the
 * query, so it cannot be replayed against another query.
 */
export function paginate<T>(codec: TokenCodec, query: unknown, token: unknown, items: readonly T[], keyOf: (t: T) => Key, limit: number): { page: T[]; nextToken?: string } {
  const q = queryHash(query);
  let start = 0;
  if (token !== undefined && token !== null) {
    const t = codec.decode(token) as { q?: unknown; k?: unknown } | undefined;
    if (!t || t.q !== q || !Array.isArray(t.k)) throw new AwsError('InvalidNextTokenException', 'The nextToken provided is invalid');
    const cursor = t.k as Key;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = items[mid];
      if (item !== undefined && compareKeys(keyOf(item), cursor) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  if (start + limit < items.length && last !== undefined) return { page, nextToken: codec.encode({ q, k: keyOf(last) }) };
  return { page };
}
