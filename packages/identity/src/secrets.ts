import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens: 32 random bytes, shown once, stored as a SHA-256 digest (a high-entropy secret needs no slow hash). */
export const TOKEN_PREFIX = 'pillar_';

export function newToken(): { secret: string; digest: string; display: string } {
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { secret, digest: sha256(secret), display: secret.slice(0, TOKEN_PREFIX.length + 6) };
}

/** A session id: random, sent to the browser in a signed cookie, stored as its digest. */
export function newSessionSecret(): { secret: string; digest: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, digest: sha256(secret) };
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** CSRF token bound to a session: an HMAC of the session secret under the server's key. */
export function csrfTokenFor(sessionSecret: string, key: string): string {
  return createHmac('sha256', key).update(`csrf:${sessionSecret}`).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Bearer values we accept: our prefix and 43 base64url characters. Anything else is refused before a lookup. */
export function looksLikeToken(value: string): boolean {
  return /^pillar_[A-Za-z0-9_-]{43}$/.test(value);
}
