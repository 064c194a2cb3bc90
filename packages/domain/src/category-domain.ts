import type { DomainKey } from './domains.ts';

/**
 * A row of the SCORING.md "Domains" category table. `domain: null` is a "none" row: the category
 * is known and deliberately has no domain (inventory, resource configuration).
 */
export interface CategoryRow {
  readonly prefix: string;
  readonly domain: DomainKey | null;
}

/** Every row of the table, one prefix per entry (parenthesised remarks of SCORING.md dropped). */
export const CATEGORY_ROWS: readonly CategoryRow[] = [
  { prefix: 'Protect > Secure access management', domain: 'iam' },
  { prefix: 'Detect > Secure access management', domain: 'iam' },
  { prefix: 'Protect > Secure development > Credentials not hard-coded', domain: 'iam' },
  { prefix: 'Identify > Logging', domain: 'detective' },
  { prefix: 'Detect > Detection services', domain: 'detective' },
  { prefix: 'Protect > Secure network configuration', domain: 'infrastructure' },
  { prefix: 'Protect > Network security', domain: 'infrastructure' },
  { prefix: 'Protect > Restricted network access', domain: 'infrastructure' },
  { prefix: 'Protect > Protective services', domain: 'infrastructure' },
  { prefix: 'Protect > Secure development', domain: 'infrastructure' },
  { prefix: 'Identify > Vulnerability, patch, and version management', domain: 'infrastructure' },
  { prefix: 'Detect > Vulnerability, patch, and version management', domain: 'infrastructure' },
  { prefix: 'Protect > Data protection', domain: 'data-protection' },
  { prefix: 'Data protection', domain: 'data-protection' },
  { prefix: 'Recover > Resilience', domain: 'incident-response' },
  { prefix: 'Respond', domain: 'incident-response' },
  { prefix: 'Identify > Inventory', domain: null },
  { prefix: 'Identify > Resource configuration', domain: null },
];

/**
 * A category as a sequence of lowercase words, a word being a run of letters and digits:
 * `Identify - Logging` and `Identify > Logging` both give `['identify', 'logging']`.
 */
export function categoryWords(category: string): string[] {
  return category.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const ROW_WORDS = CATEGORY_ROWS.map((row) => ({ row, words: categoryWords(row.prefix) }));

function startsWith(words: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= words.length && prefix.every((word, i) => words[i] === word);
}

/**
 * The row whose words start the category's words; where several do, the one with most words.
 * `undefined` when no row matches (the category is unknown to the table).
 */
export function matchCategoryRow(category: string): CategoryRow | undefined {
  const words = categoryWords(category);
  let best: { row: CategoryRow; words: string[] } | undefined;
  for (const candidate of ROW_WORDS) {
    if (!startsWith(words, candidate.words)) continue;
    if (best === undefined || candidate.words.length > best.words.length) best = candidate;
  }
  return best?.row;
}

/** Domain of an AWS category; `null` for a "none" row, an unknown category, or no category. */
export function domainForCategory(category: string | null | undefined): DomainKey | null {
  if (category === null || category === undefined) return null;
  return matchCategoryRow(category)?.domain ?? null;
}
