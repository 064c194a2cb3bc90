import { Link } from 'react-router';
import { useSyncs } from '../api/syncs.ts';
import type { SyncRun } from '../api/types.ts';
import { formatRelative } from '../lib/format.ts';
import { formatTimestamp } from '../lib/dates.ts';
import { useIsAdmin } from '../auth/use-role.ts';
import { SyncStatusBadge } from '../components/sync-status.tsx';

/** The latest run: "running" while one is, else "last synced 2 h ago" with the finished run's status. */
export function pickLatestRun(runs: readonly SyncRun[]): SyncRun | undefined {
  return runs.find((r) => r.status === 'running' || r.status === 'queued') ?? runs.find((r) => r.finishedAt !== null);
}

export function LastSync() {
  const syncs = useSyncs();
  const isAdmin = useIsAdmin();
  const run = syncs.data ? pickLatestRun(syncs.data.items) : undefined;
  if (!run) {
    if (syncs.isPending || syncs.isError) return null;
    return <span className="last-sync muted">never synced</span>;
  }
  const active = run.status === 'running' || run.status === 'queued';
  const text = active ? 'sync in progress' : `last synced ${formatRelative(run.finishedAt ?? '')}`;
  const content = (
    <>
      <span title={active ? undefined : formatTimestamp(run.finishedAt)}>{text}</span> <SyncStatusBadge status={run.status} />
    </>
  );
  return <span className="last-sync">{isAdmin ? <Link to="/syncs">{content}</Link> : content}</span>;
}
