import { describe, expect, it } from 'vitest';
import { likePattern } from './findings.ts';

describe('the LIKE pattern of q', () => {
  it('lowercases and wraps the text', () => {
    expect(likePattern('Root MFA')).toBe('%root mfa%');
  });

  it('takes %, _ and backslash literally', () => {
    expect(likePattern('100%')).toBe('%100\\%%');
    expect(likePattern('a_b')).toBe('%a\\_b%');
    expect(likePattern('C:\\path')).toBe('%c:\\\\path%');
  });
});
