// Build plugin: prints the first-load JavaScript (the entry chunk and everything it imports statically,
// gzipped) and fails the build above a budget. Lazy route chunks (dynamic imports) are not counted.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  imports: readonly string[];
}

/** The entry chunks and the transitive closure of their static imports, each once, entry first. */
export function firstLoadFiles(chunks: readonly ChunkInfo[]): string[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    if (seen.has(fileName)) return;
    const chunk = byName.get(fileName);
    if (!chunk) return; // an external or non-JS import
    seen.add(fileName);
    for (const imported of chunk.imports) visit(imported);
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
  return [...seen];
}

export function formatKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

export interface FirstLoadSizeOptions {
  /** Budget in kB (1000 bytes, as Vite prints sizes), gzipped. */
  budgetKb: number;
}

export function firstLoadSize({ budgetKb }: FirstLoadSizeOptions): Plugin {
  return {
    name: 'pillar:first-load-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) =>
        output.type === 'chunk' ? [{ fileName: output.fileName, isEntry: output.isEntry, imports: output.imports, code: output.code }] : [],
      );
      const codeOf = new Map(chunks.map((c) => [c.fileName, c.code]));
      const files = firstLoadFiles(chunks);
      const sizes = files.map((f) => ({ file: f, gzip: gzipSync(codeOf.get(f) ?? '', { level: 9 }).length }));
      const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
      const lazy = chunks.length - files.length;
      const lines = [
        '',
        `first-load JS: ${formatKb(total)} gzipped (${files.length} file${files.length === 1 ? '' : 's'}; budget ${budgetKb} kB; ${lazy} lazy chunk${lazy === 1 ? '' : 's'} not counted)`,
        ...sizes.map((s) => `  ${s.file}  ${formatKb(s.gzip)}`),
      ];
      console.log(lines.join('\n'));
      if (total > budgetKb * 1000) {
        this.error(`first-load JS is ${formatKb(total)} gzipped, over the ${budgetKb} kB budget`);
      }
    },
  };
}
