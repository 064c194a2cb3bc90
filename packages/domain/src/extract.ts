import { isObject } from './untrusted.ts';

const MAX_DEPTH = 4;

/**
 * The finding candidates in a document, whatever its container: a bare finding, an array,
 * a GetFindings response `{ Findings: [...] }`, an EventBridge event `{ detail: { findings: [...] } }`,
 * `{ findings: [...] }`, or `{ Finding: {...} }`. Anything that is not a known container is a
 * candidate, so `normalizeFinding` can say why it is not a finding; `null` and `undefined` hold none.
 */
export function extractFindings(doc: unknown): unknown[] {
  return collect(doc, 0);
}

function collect(value: unknown, depth: number): unknown[] {
  if (value === null || value === undefined) return [];
  if (depth > MAX_DEPTH) return [value];
  if (Array.isArray(value)) return (value as unknown[]).flatMap((item) => collect(item, depth + 1));
  if (!isObject(value)) return [value];
  for (const key of ['Findings', 'findings'] as const) {
    const inner = value[key];
    if (Object.hasOwn(value, key) && Array.isArray(inner)) return collect(inner, depth + 1);
  }
  if (Object.hasOwn(value, 'detail') && isObject(value.detail)) return collect(value.detail, depth + 1);
  if (Object.hasOwn(value, 'Finding') && isObject(value.Finding)) return [value.Finding];
  return [value];
}
