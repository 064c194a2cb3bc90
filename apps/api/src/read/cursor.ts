import { ValidationError } from '@pillar/domain';

const BASE64URL = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

function invalid(): never {
  throw new ValidationError('Invalid query field "cursor": not a cursor this API returned.');
}

/** An opaque cursor for id-ordered lists: base64url of the last id. */
export function encodeIdCursor(id: string | bigint): string {
  return Buffer.from(String(id), 'utf8').toString('base64url');
}

/** The id a cursor names; a ValidationError (400) for anything this API did not return. */
export function decodeIdCursor(cursor: string): bigint {
  if (!BASE64URL.test(cursor)) invalid();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9]\d{0,18}$/.test(text) || encodeIdCursor(text) !== cursor) invalid();
  const id = BigInt(text);
  if (id > MAX_BIGINT) invalid();
  return id;
}

/** Cursor of lists ordered by (created_at, id) descending: base64url of `<epoch ms>.<uuid>`. */
export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.getTime()}.${id}`, 'utf8').toString('base64url');
}

export function decodeTimeCursor(cursor: string): { createdAt: Date; id: string } {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(cursor)) invalid();
  const match = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match?.[1] || !match[2]) invalid();
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}
