import { describe, expect, it } from 'vitest';
import { TokenCodec, canonicalJson, queryHash } from './tokens.ts';

describe('TokenCodec', () => {
  const codec = new TokenCodec('secret');

  it('round-trips a payload', () => {
    const token = codec.encode({ k: [1, 'a'], q: 'h' });
    expect(codec.decode(token)).toEqual({ k: [1, 'a'], q: 'h' });
  });

  it('rejects tampered, truncated and foreign tokens', () => {
    const token = codec.encode({ k: [1] });
    expect(codec.decode(`${token}x`)).toBeUndefined();
    expect(codec.decode(token.slice(1))).toBeUndefined();
    expect(codec.decode('garbage')).toBeUndefined();
    expect(new TokenCodec('other').decode(token)).toBeUndefined();
    expect(codec.decode(42)).toBeUndefined();
  });
});

describe('queryHash', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(queryHash({ b: 1, a: 2 })).toBe(queryHash({ a: 2, b: 1 }));
    expect(queryHash({ a: 1 })).not.toBe(queryHash({ a: 2 }));
  });
});
