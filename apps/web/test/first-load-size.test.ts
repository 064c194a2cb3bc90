import { describe, expect, it } from 'vitest';
import { firstLoadFiles, formatKb } from '../tools/first-load-size.ts';

describe('firstLoadFiles', () => {
  it('counts the entry and its static imports, transitively, each once', () => {
    const files = firstLoadFiles([
      { fileName: 'index.js', isEntry: true, imports: ['react.js', 'router.js'] },
      { fileName: 'router.js', isEntry: false, imports: ['react.js'] },
      { fileName: 'react.js', isEntry: false, imports: [] },
    ]);
    expect(files.sort()).toEqual(['index.js', 'react.js', 'router.js']);
  });

  it('leaves out lazy chunks that only dynamic imports reach', () => {
    const files = firstLoadFiles([
      { fileName: 'index.js', isEntry: true, imports: [] },
      { fileName: 'posture-page.js', isEntry: false, imports: ['recharts.js'] },
      { fileName: 'recharts.js', isEntry: false, imports: [] },
    ]);
    expect(files).toEqual(['index.js']);
  });

  it('ignores imports that are not chunks of the bundle', () => {
    expect(firstLoadFiles([{ fileName: 'index.js', isEntry: true, imports: ['external.js'] }])).toEqual(['index.js']);
  });
});

describe('formatKb', () => {
  it('prints kilobytes of 1000 bytes with one decimal, as Vite does', () => {
    expect(formatKb(117_049)).toBe('117.0 kB');
  });
});
