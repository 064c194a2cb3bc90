import type { AccountSummary, DomainKey, Severities } from '../api/types.ts';
import { DOMAIN_KEYS, SEVERITIES } from '../api/types.ts';
import type { Sort } from './search-params.ts';

export const ACCOUNT_SORT_KEYS = ['name', 'overall', ...DOMAIN_KEYS, 'findings'] as const;
export type AccountSortKey = (typeof ACCOUNT_SORT_KEYS)[number];

export function accountScore(account: AccountSummary, key: 'overall' | DomainKey): number | null {
  if (key === 'overall') return account.overall.score;
  return account.domains.find((d) => d.key === key)?.score ?? null;
}

/** Case-insensitive match on the account's name or id. */
export function filterAccounts(items: readonly AccountSummary[], query: string): AccountSummary[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...items];
  return items.filter((a) => a.name.toLowerCase().includes(q) || a.accountId.includes(q));
}

function compareSeverities(a: Severities, b: Severities): number {
  for (const s of SEVERITIES) if (a[s] !== b[s]) return a[s] - b[s];
  return 0;
}

/**
 * Sorted copy. Scores: "no data" rows always go last, whichever the direction, so that sorting worst first
 * shows real scores first. Ties fall back to the name, then the id, so the order is stable across reloads.
 */
export function sortAccounts(items: readonly AccountSummary[], sort: Sort<AccountSortKey>): AccountSummary[] {
  const dir = sort.desc ? -1 : 1;
  const byName = (a: AccountSummary, b: AccountSummary) =>
    a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId);
  return [...items].sort((a, b) => {
    if (sort.key === 'name') return dir * byName(a, b);
    if (sort.key === 'findings') return dir * compareSeverities(a.openFindings, b.openFindings) || byName(a, b);
    const sa = accountScore(a, sort.key);
    const sb = accountScore(b, sort.key);
    if (sa === null && sb === null) return byName(a, b);
    if (sa === null) return 1;
    if (sb === null) return -1;
    return dir * (sa - sb) || byName(a, b);
  });
}
