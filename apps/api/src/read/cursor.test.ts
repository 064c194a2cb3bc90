import { describe, expect, it } from 'vitest';
import { decodeIdCursor, decodeTimeCursor, encodeIdCursor, encodeTimeCursor } from './cursor.ts';

describe('id cursors', () => {
  it('round-trips an id through an opaque base64url string', () => {
    const cursor = encodeIdCursor(9_007_199_254_740_993n);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('9007');
    expect(decodeIdCursor(cursor)).toBe(9_007_199_254_740_993n);
    expect(decodeIdCursor(encodeIdCursor('42'))).toBe(42n);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/'],
    ['not an id', Buffer.from('abc').toString('base64url')],
    ['zero', Buffer.from('0').toString('base64url')],
    ['leading zero', Buffer.from('012').toString('base64url')],
    ['negative', Buffer.from('-5').toString('base64url')],
    ['beyond bigint', Buffer.from('9223372036854775808').toString('base64url')],
    ['padded', `${encodeIdCursor('42')}=`],
  ])('refuses a cursor that is %s with a 400', (_label, cursor) => {
    expect(() => decodeIdCursor(cursor)).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('time cursors', () => {
  it('round-trips a creation time and a run id', () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const id = '0b0c8f7e-1234-4abc-8def-0123456789ab';
    expect(decodeTimeCursor(encodeTimeCursor(at, id))).toEqual({ createdAt: at, id });
  });

  it('refuses anything else with a 400', () => {
    expect(() => decodeTimeCursor(encodeIdCursor('12'))).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => decodeTimeCursor('!!')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
