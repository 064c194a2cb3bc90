import { Fragment, useState } from 'react';
import { isActive, useSync, useSyncs } from '../api/syncs.ts';
import type { SyncRun, SyncSource } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { QueryState } from '../components/query-state.tsx';
import { SkeletonTable } from '../components/skeleton.tsx';
import { StartSyncButton } from '../components/start-sync-button.tsx';
import { SyncStatusBadge } from '../components/sync-status.tsx';
import { formatTimestamp } from '../lib/dates.ts';
import { formatCount, formatDuration } from '../lib/format.ts';
import { stringParam } from '../lib/search-params.ts';
import { useSearchParam } from '../lib/use-search-param.ts';

const runParam = stringParam('');

const SOURCE_LABELS: Record<SyncSource, string> = { securityhub: 'Security Hub', config: 'AWS Config', organizations: 'AWS Organizations' };
/** `'*'` (or null) marks a read or an error that covers every account or region. */
const accountLabel = (id: string | null) => (id === null || id === '*' ? 'all accounts' : id);
const regionLabel = (region: string | null) => (region === null || region === '*' ? 'all regions' : region);

function duration(run: SyncRun, now: number): string {
  if (!run.startedAt) return '—';
  const end = run.finishedAt ? new Date(run.finishedAt).getTime() : now;
  return formatDuration(end - new Date(run.startedAt).getTime());
}

function RunningSync({ id }: { id: string }) {
  // The detail route carries the parts by source and region; polled every 2 s while the run is active.
  const detail = useSync(id);
  const run = detail.data;
  if (!run) return null;
  const { total, done, failed } = run.progress;
  const running = isActive(run);
  return (
    <section className="section panel sync-current" aria-labelledby="running-title" aria-live="polite" data-testid="current-sync">
      <h2 id="running-title">
        {run.full ? 'Full reconciliation' : 'Sync'} for {run.asOf} <SyncStatusBadge status={run.status} />
      </h2>
      <progress className="progress" max={Math.max(total, 1)} value={done + failed} aria-label="Parts finished" />
      <p className="num" style={{ margin: 0 }}>
        {formatCount(done)} of {formatCount(total)} parts done · {formatCount(failed)} failed ·{' '}
        {formatCount(run.findingsRead)} findings read · started {formatTimestamp(run.startedAt)}
        {!running && run.finishedAt !== null && <> · finished {formatTimestamp(run.finishedAt)}</>}
      </p>
      {run.parts && run.parts.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Progress by source, account and region</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Account</th>
                <th scope="col">Region</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric" title="Findings (Security Hub), rule evaluations (AWS Config) or accounts (AWS Organizations)">
                  Items read
                </th>
              </tr>
            </thead>
            <tbody>
              {run.parts.map((p) => (
                <tr key={`${p.source}/${p.accountId}/${p.region}`}>
                  <td>{SOURCE_LABELS[p.source] ?? p.source}</td>
                  <td className={p.accountId === '*' ? undefined : 'mono'}>{accountLabel(p.accountId)}</td>
                  <td>{regionLabel(p.region)}</td>
                  <td>{p.status}</td>
                  <td className="numeric">{formatCount(p.itemsRead ?? p.findingsRead)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function SyncsPage() {
  const syncs = useSyncs();
  const [openRun, setOpenRun] = useSearchParam('run', runParam);
  const now = Date.now();
  const active = syncs.data?.items.find(isActive);
  // The run started from this page stays in view once finished, with its outcome.
  const [startedId, setStartedId] = useState<string>();
  const shownId = active?.id ?? startedId;

  return (
    <>
      <div className="page-header">
        <h1>Syncs</h1>
        <span className="spacer" />
        <div className="toolbar" style={{ margin: 0 }}>
          <StartSyncButton goToSyncs={false} onStarted={setStartedId} />
          <StartSyncButton full goToSyncs={false} variant="secondary" onStarted={setStartedId} />
        </div>
      </div>
      <p className="muted">
        A sync reads every configured source, account and region and records the day&apos;s state; a new request joins the running one.
        A full reconciliation re-reads everything and finds findings that AWS no longer returns.
      </p>
      {shownId !== undefined && <RunningSync id={shownId} />}
      <QueryState
        query={syncs}
        errorTitle="Could not load the syncs"
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState message="No sync has run yet." action={<StartSyncButton label="Start a sync" goToSyncs={false} onStarted={setStartedId} />} />}
        loading={<SkeletonTable columns={7} />}
      >
        {(data) => (
          <section className="section" aria-labelledby="runs-title">
            <h2 id="runs-title">Past runs</h2>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Sync runs, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Day recorded</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Started</th>
                    <th scope="col">Duration</th>
                    <th scope="col" className="numeric">
                      Findings read
                    </th>
                    <th scope="col">Status</th>
                    <th scope="col">Errors</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((run) => {
                    const open = openRun === run.id;
                    return (
                      <Fragment key={run.id}>
                        <tr>
                          <td className="num">{run.asOf}</td>
                          <td>{run.full ? 'full' : 'incremental'}</td>
                          <td className="num">{formatTimestamp(run.startedAt)}</td>
                          <td className="num">{duration(run, now)}</td>
                          <td className="numeric">{formatCount(run.findingsRead)}</td>
                          <td>
                            <SyncStatusBadge status={run.status} />
                          </td>
                          <td>
                            {run.errors.length === 0 ? (
                              <span className="muted">none</span>
                            ) : (
                              <button
                                type="button"
                                className="link-button"
                                aria-expanded={open}
                                aria-controls={`run-${run.id}`}
                                onClick={() => setOpenRun(open ? '' : run.id)}
                              >
                                {formatCount(run.errors.length)} {run.errors.length === 1 ? 'error' : 'errors'} {open ? '▾' : '▸'}
                              </button>
                            )}
                          </td>
                        </tr>
                        {open && (
                          <tr className="expand-row" id={`run-${run.id}`}>
                            <td colSpan={7}>
                              <ul className="error-list">
                                {run.errors.map((e, i) => (
                                  <li key={i}>
                                    <span className="mono">{accountLabel(e.accountId)}</span> /{' '}
                                    <span className="mono">{regionLabel(e.region)}</span>
                                    {e.source && <span className="muted"> ({SOURCE_LABELS[e.source] ?? e.source})</span>}: {e.message}
                                  </li>
                                ))}
                              </ul>
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </QueryState>
    </>
  );
}
