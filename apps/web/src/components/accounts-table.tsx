import { useId, useMemo } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { AccountSummary } from '../api/types.ts';
import { ACCOUNT_SORT_KEYS, filterAccounts, sortAccounts, type AccountSortKey } from '../lib/accounts-table.ts';
import { formatCount } from '../lib/format.ts';
import { GLOBAL_PARAMS, sortParam, stringParam, withCarriedParams, type Sort } from '../lib/search-params.ts';
import { useSearchParam } from '../lib/use-search-param.ts';
import { DOMAINS } from '../theme.ts';
import { ScoreValue } from './score-value.tsx';
import { SeverityCounts } from './severity-badge.tsx';

const accountSort = sortParam(ACCOUNT_SORT_KEYS, { key: 'name', desc: false });
const searchText = stringParam('');

interface Column {
  key: AccountSortKey;
  label: string;
  numeric?: boolean;
}

export interface AccountsTableProps {
  items: readonly AccountSummary[];
  /** Add the open-findings column (the Accounts page). */
  showFindings?: boolean;
  caption: string;
}

function ariaSort(sort: Sort<AccountSortKey>, key: AccountSortKey) {
  if (sort.key !== key) return 'none' as const;
  return sort.desc ? ('descending' as const) : ('ascending' as const);
}

/**
 * Accounts × domains heatmap: each cell the score on its colour (the number always printed). Sort and search
 * live in the URL (`?sort=-iam&q=prod`); a row opens the account.
 */
export function AccountsTable({ items, showFindings = false, caption }: AccountsTableProps) {
  const [sort, setSort] = useSearchParam('sort', accountSort);
  const [query, setQuery] = useSearchParam('q', searchText);
  const navigate = useNavigate();
  const { search } = useLocation();
  const searchId = useId();
  const rows = useMemo(() => sortAccounts(filterAccounts(items, query), sort), [items, query, sort]);
  const current = new URLSearchParams(search);
  const accountPath = (id: string) => withCarriedParams(`/accounts/${encodeURIComponent(id)}`, current, GLOBAL_PARAMS);

  const columns: Column[] = [
    { key: 'name', label: 'Account' },
    { key: 'overall', label: 'Overall', numeric: true },
    ...DOMAINS.map((d) => ({ key: d.key, label: d.label, numeric: true })),
    ...(showFindings ? [{ key: 'findings' as const, label: 'Open findings' }] : []),
  ];

  const toggleSort = (key: AccountSortKey) => {
    // Scores start worst first, names A to Z; a second click reverses.
    const firstDesc = key === 'findings';
    setSort(sort.key === key ? { key, desc: !sort.desc } : { key, desc: firstDesc });
  };

  return (
    <div>
      <div className="toolbar">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          placeholder="Account name or id"
          value={query}
          onChange={(e) => setQuery(e.target.value, { replace: true })}
        />
        <span className="muted" aria-live="polite">
          {rows.length === items.length
            ? `${formatCount(items.length)} accounts`
            : `${formatCount(rows.length)} of ${formatCount(items.length)} accounts`}
        </span>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" aria-sort={ariaSort(sort, c.key)} className={c.numeric ? 'heat-cell' : undefined}>
                  <button type="button" className="sort-button" onClick={() => toggleSort(c.key)}>
                    {c.label}
                    <span className="sort-indicator" aria-hidden="true">
                      {sort.key === c.key ? (sort.desc ? '▼' : '▲') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((account) => (
              <tr
                key={account.accountId}
                className="clickable"
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest('a, button')) return;
                  void navigate(accountPath(account.accountId));
                }}
              >
                <th scope="row" className="account-cell">
                  <Link to={accountPath(account.accountId)}>{account.name}</Link>
                  <span className="account-id">{account.accountId}</span>
                </th>
                <td className="heat-cell">
                  <ScoreValue score={account.overall} colored size="sm" />
                </td>
                {DOMAINS.map((d) => {
                  const score = account.domains.find((x) => x.key === d.key);
                  return (
                    <td key={d.key} className="heat-cell">
                      {score ? <ScoreValue score={score} colored size="sm" /> : <span className="muted">no data</span>}
                    </td>
                  );
                })}
                {showFindings && (
                  <td>
                    <SeverityCounts counts={account.openFindings} hideInformational />
                  </td>
                )}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="muted">
                  No account matches “{query}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
