import { describe, expect, it } from 'vitest';
import { likePattern } from './findings.ts';

describe('the LIKE pattern of q', () => {
  it('wraps the text (Postgres lowercases it, as it lowercased search_text)', () => {
    expect(likePattern('Root MFA')).toBe('%Root MFA%');
  });

  it('takes %, _ and backslash literally', () => {
    expect(likePattern('100%')).toBe('%100\\%%');
    expect(likePattern('a_b')).toBe('%a\\_b%');
    expect(likePattern('C:\\path')).toBe('%C:\\\\path%');
  });
});
