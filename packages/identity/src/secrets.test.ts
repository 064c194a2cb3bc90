import { describe, expect, it } from 'vitest';
import { csrfTokenFor, looksLikeToken, newSessionSecret, newToken, safeEqual, sha256, TOKEN_PREFIX } from './secrets.ts';

describe('API tokens', () => {
  it('are the prefix and 32 random bytes, stored as their SHA-256 digest, shown by a short prefix', () => {
    const { secret, digest, display } = newToken();
    expect(secret).toMatch(/^pillar_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(digest).toBe(sha256(secret));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(display).toBe(secret.slice(0, 13));
    expect(newToken().secret).not.toBe(secret);
  });

  it('are recognised by shape before any lookup', () => {
    expect(looksLikeToken(newToken().secret)).toBe(true);
    for (const value of ['', 'pillar_', 'pillar_short', `pillar_${'a'.repeat(44)}`, `other_${'a'.repeat(43)}`, `pillar_${'a'.repeat(42)}!`]) {
      expect(looksLikeToken(value)).toBe(false);
    }
  });
});

describe('sessions and CSRF', () => {
  it('store a session as the digest of a random secret', () => {
    const { secret, digest } = newSessionSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(digest).toBe(sha256(secret));
  });

  it('derive one CSRF token per session and server key', () => {
    const a = newSessionSecret().secret;
    const b = newSessionSecret().secret;
    const key = 'k'.repeat(32);
    expect(csrfTokenFor(a, key)).toBe(csrfTokenFor(a, key));
    expect(csrfTokenFor(a, key)).not.toBe(csrfTokenFor(b, key));
    expect(csrfTokenFor(a, key)).not.toBe(csrfTokenFor(a, 'j'.repeat(32)));
    // Not the session secret itself, nor anything that reveals it.
    expect(csrfTokenFor(a, key)).not.toContain(a);
  });

  it('compare secrets in constant time, any lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
