import { describe, expect, it } from 'vitest';
import { identifier, isObject, prop, text } from './untrusted.ts';

describe('untrusted readers', () => {
  it('see plain objects only', () => {
    expect(isObject({})).toBe(true);
    expect(isObject([])).toBe(false);
    expect(isObject(null)).toBe(false);
    expect(isObject('x')).toBe(false);
  });

  it('read own properties only', () => {
    expect(prop({ a: 1 }, 'a')).toBe(1);
    expect(prop({}, 'toString')).toBeUndefined();
    expect(prop(Object.create({ a: 1 }), 'a')).toBeUndefined();
    expect(prop('abc', 'length')).toBeUndefined();
  });

  it('refuse a blank or over-long identifier', () => {
    expect(identifier('IAM.1', 10)).toBe('IAM.1');
    expect(identifier(' ', 10)).toBeNull();
    expect(identifier('x'.repeat(11), 10)).toBeNull();
    expect(identifier(1, 10)).toBeNull();
  });

  it('cut over-long text', () => {
    expect(text('abcdef', 3)).toBe('abc');
    expect(text('', 3)).toBe('');
    expect(text(null, 3)).toBeNull();
  });
});
