import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, storableJson } from './storable.ts';

const nested = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

describe('storableJson', () => {
  it('gives back the very same document when Postgres can store it as it is', () => {
    const doc = { Id: 'x', Title: 'émoji 💥', Resources: [{ Id: 'r' }], n: 1, b: true, z: null };
    const out = storableJson(doc);
    expect(out).toEqual({ ok: true, value: doc });
    expect(out.ok && out.value).toBe(doc);
  });

  it('replaces NUL and unpaired surrogates in strings and keys, and keeps pairs', () => {
    const out = storableJson({ Title: 'a\u0000b', ['k\u0000']: ['x\ud800', '\udc00y', '💥'], ok: 'z' });
    expect(out).toEqual({ ok: true, value: { Title: 'a\ufffdb', 'k\ufffd': ['x\ufffd', '\ufffdy', '💥'], ok: 'z' } });
  });

  it('keeps an own __proto__ key an own key, and never touches a prototype', () => {
    const doc = JSON.parse('{"__proto__": {"polluted": "a\\u0000"}, "Id": "x"}') as Record<string, unknown>;
    const out = storableJson(doc);
    expect(out.ok).toBe(true);
    const value = (out.ok ? out.value : null) as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":"a\ufffd"},"Id":"x"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`refuses a document nested deeper than ${MAX_JSON_DEPTH} levels, which JSON.stringify may not survive`, () => {
    expect(storableJson(nested(MAX_JSON_DEPTH - 1)).ok).toBe(true);
    expect(storableJson(nested(10_000))).toEqual({ ok: false, reason: `nested deeper than ${MAX_JSON_DEPTH} levels` });
  });
});
