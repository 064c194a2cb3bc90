import { describe, expect, it } from 'vitest';
import { decodeAuditCursor, encodeAuditCursor } from './audit.ts';

describe('audit cursors', () => {
  it('round-trip the time to the millisecond and a 64-bit id', () => {
    const cursor = { at: new Date('2026-03-04T05:06:07.089Z'), id: 9223372036854775807n };
    expect(decodeAuditCursor(encodeAuditCursor(cursor))).toEqual(cursor);
  });

  it('are opaque: no readable time or id in them', () => {
    const text = encodeAuditCursor({ at: new Date(0), id: 42n });
    expect(text).toMatch(/^[\w-]+$/);
    expect(text).not.toContain('42');
  });

  it('refuse what this server did not issue', () => {
    for (const text of ['', 'garbage', Buffer.from('1.2.3').toString('base64url'), Buffer.from('-1.5').toString('base64url'), Buffer.from('1.99999999999999999999').toString('base64url'), Buffer.from('1.9223372036854775808').toString('base64url')]) {
      expect(decodeAuditCursor(text)).toBeNull();
    }
  });
});
