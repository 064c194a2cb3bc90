/** Characters Postgres refuses: NUL (in text and jsonb) and unpaired UTF-16 surrogates (in jsonb). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this must find
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Deepest nesting kept (ASFF needs about ten levels). JSON.parse accepts any depth, but JSON.stringify overflows
 * the stack near 5,000 levels: a document deeper than this cannot be stored at all.
 */
export const MAX_JSON_DEPTH = 100;

export type StorableResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/** Any NUL or surrogate at all: most text has neither, and skips the slower search for unpaired ones. */
// eslint-disable-next-line no-control-regex -- as above
const SUSPECT = /[\u0000\ud800-\udfff]/;

const storableText = (s: string): string => (SUSPECT.test(s) ? s.replace(UNSTORABLE, '\ufffd') : s);

/**
 * A parsed JSON document as Postgres can store it (jsonb and text columns): NUL characters and unpaired surrogates,
 * in keys and in strings, become U+FFFD; everything else is kept, own `__proto__` keys included. The same value
 * comes back when nothing had to change (the common case costs one walk, no copy). Never throws.
 */
export function storableJson(value: unknown): StorableResult {
  try {
    const out = walk(value, 0);
    return out === TOO_DEEP ? { ok: false, reason: `nested deeper than ${MAX_JSON_DEPTH} levels` } : { ok: true, value: out };
  } catch {
    // Only a hostile object (a throwing getter or proxy) gets here; parsed JSON never does.
    return { ok: false, reason: 'unreadable document' };
  }
}

const TOO_DEEP = Symbol('too deep');

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_JSON_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = walk(item, depth + 1);
      if (next === TOO_DEEP) return TOO_DEEP;
      if (next !== item) copy ??= value.slice(0, i);
      copy?.push(next);
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  let kept: [string, unknown][] | null = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = object[key];
    const next = walk(item, depth + 1);
    if (next === TOO_DEEP) return TOO_DEEP;
    const storableKey = storableText(key);
    if (kept === null && (next !== item || storableKey !== key)) kept = keys.slice(0, i).map((k) => [k, object[k]]);
    kept?.push([storableKey, next]);
  }
  if (kept === null) return value;
  const copy: Record<string, unknown> = {};
  // defineProperty, not assignment: an own `__proto__` key stays an own key instead of replacing the prototype.
  for (const [key, item] of kept) Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  return copy;
}
