/** Keeps ASCII letters, digits, dots and dashes; every other run of characters becomes one dash. */
function slug(part: string): string {
  return part
    .trim()
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface ExportName {
  /** What is exported: "findings", "weekly-review". */
  resource: string;
  /** Narrowing parts in order (account id, date, week, filter words); empty ones are left out. */
  parts?: readonly (string | null | undefined)[];
  extension: 'csv' | 'md';
}

/** `pillar-findings-123456789012-2026-11-22.csv`: predictable, sortable, safe on every file system. */
export function exportFilename({ resource, parts = [], extension }: ExportName): string {
  const pieces = ['pillar', resource, ...parts]
    .filter((p): p is string => typeof p === 'string')
    .map(slug)
    .filter((p) => p !== '');
  return `${pieces.join('-')}.${extension}`;
}
