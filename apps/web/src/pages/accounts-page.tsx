import { useAccounts } from '../api/accounts.ts';
import { AccountsTable } from '../components/accounts-table.tsx';
import { QueryState } from '../components/query-state.tsx';
import { SkeletonTable } from '../components/skeleton.tsx';
import { todayUtc } from '../lib/dates.ts';
import { useSearchParam } from '../lib/use-search-param.ts';
import { dateParam } from '../lib/view-params.ts';

export default function AccountsPage() {
  const [date] = useSearchParam('date', dateParam);
  const accounts = useAccounts({ date: date ?? undefined });
  return (
    <>
      <div className="page-header">
        <h1>Accounts</h1>
        <span className="muted">scores as of {date ?? todayUtc()}; sort by any column, a row opens the account</span>
      </div>
      <QueryState
        query={accounts}
        errorTitle="Could not load the accounts"
        isEmpty={(data) => data.items.length === 0}
        loading={<SkeletonTable columns={8} rows={10} />}
      >
        {(data) => <AccountsTable items={data.items} showFindings caption="Accounts by domain score and open findings" />}
      </QueryState>
    </>
  );
}
