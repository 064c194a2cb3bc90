import { describe, expect, it } from 'vitest';
import { allows } from './principal.ts';

describe('roles', () => {
  it('let an admin do what a viewer may, and not the other way round', () => {
    expect(allows('admin', 'admin')).toBe(true);
    expect(allows('admin', 'viewer')).toBe(true);
    expect(allows('viewer', 'viewer')).toBe(true);
    expect(allows('viewer', 'admin')).toBe(false);
  });
});
