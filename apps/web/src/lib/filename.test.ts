import { describe, expect, it } from 'vitest';
import { exportFilename } from './filename.ts';

describe('exportFilename', () => {
  it('joins the product, resource and narrowing parts', () => {
    expect(exportFilename({ resource: 'findings', parts: ['123456789012', '2026-11-22'], extension: 'csv' })).toBe(
      'pillar-findings-123456789012-2026-11-22.csv',
    );
  });

  it('leaves out unset parts', () => {
    expect(exportFilename({ resource: 'weekly-review', parts: ['2026-W47', undefined, null, ''], extension: 'md' })).toBe(
      'pillar-weekly-review-2026-W47.md',
    );
  });

  it('turns characters unsafe in file names into single dashes', () => {
    expect(exportFilename({ resource: 'findings', parts: ['a/b\\c: d', '../x'], extension: 'csv' })).toBe(
      'pillar-findings-a-b-c-d-..-x.csv',
    );
  });
});
