/** Small readers for untrusted JSON: they never throw and never read inherited properties. */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of an object, else `undefined`. */
export function prop(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A non-blank string of at most `max` characters, else `null` (an over-long identifier is refused, not cut). */
export function identifier(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max ? value : null;
}

/** A string cut to `max` characters, else `null` (free text may be cut). */
export function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  if (value.length <= max) return value;
  // Never between the two halves of a surrogate pair: half a character cannot be stored (Postgres refuses it).
  const last = value.charCodeAt(max - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
