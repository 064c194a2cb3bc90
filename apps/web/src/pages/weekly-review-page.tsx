import { useId, useMemo, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useAccounts } from '../api/accounts.ts';
import { errorMessage } from '../api/errors.ts';
import { downloadWeeklyReview, useWeeklyReview, type ReviewExportFormat } from '../api/reviews.ts';
import type { AccountChange, Finding, FindingList, PairChange, WeeklyReview } from '../api/types.ts';
import { Delta } from '../components/delta.tsx';
import { DomainDeltaBars } from '../components/domain-delta-bars.tsx';
import { QueryState } from '../components/query-state.tsx';
import { SeverityBadge } from '../components/severity-badge.tsx';
import { Skeleton, SkeletonChart, SkeletonTable } from '../components/skeleton.tsx';
import { Tabs } from '../components/tabs.tsx';
import { WeekPicker } from '../components/week-picker.tsx';
import { formatTimestamp, todayUtc } from '../lib/dates.ts';
import { exportFilename } from '../lib/filename.ts';
import { formatCount, formatScore } from '../lib/format.ts';
import { lastFullWeek, weekOf } from '../lib/iso-week.ts';
import { accountMovers, groupByDomain, pairCount, reviewSentence } from '../lib/review.ts';
import { enumParam, GLOBAL_PARAMS, stringParam, weekParam, withCarriedParams } from '../lib/search-params.ts';
import { useSearchParam } from '../lib/use-search-param.ts';
import { domainLabel } from '../theme.ts';

const TAB_KEYS = ['new', 'resolved', 'suppressed'] as const;
const tabParam = enumParam(TAB_KEYS, 'new');
const accountParam = stringParam('');

function isEmptyReview(r: WeeklyReview): boolean {
  const { current, previous } = r.overall;
  const pairs = (s: typeof current) => s.passed + s.failed + s.unknown + s.noData;
  return pairs(current) + pairs(previous) === 0;
}

function useAccountLink() {
  const { search } = useLocation();
  const current = new URLSearchParams(search);
  return (accountId: string) => withCarriedParams(`/accounts/${encodeURIComponent(accountId)}`, current, GLOBAL_PARAMS);
}

function MoversTable({ title, rows, empty }: { title: string; rows: readonly AccountChange[]; empty: string }) {
  const link = useAccountLink();
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap no-max">
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col" className="numeric">Previous</th>
                <th scope="col" className="numeric">Current</th>
                <th scope="col" className="numeric">Change</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.accountId}>
                  <th scope="row" className="account-cell">
                    <Link to={link(a.accountId)}>{a.name}</Link>
                    <span className="account-id">{a.accountId}</span>
                  </th>
                  <td className="numeric">{formatScore(a.previous.score)}</td>
                  <td className="numeric">{formatScore(a.current.score)}</td>
                  <td className="numeric">
                    <Delta delta={a.delta} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PairsByDomain({ title, pairs, count, empty }: { title: string; pairs: readonly PairChange[]; count: number | undefined; empty: string }) {
  const groups = useMemo(() => groupByDomain(pairs), [pairs]);
  return (
    <section aria-label={title}>
      <h3>
        {title} <span className="muted num">({pairCount(pairs, count)})</span>
      </h3>
      {groups.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap no-max">
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Control</th>
                <th scope="col">Title</th>
                <th scope="col">Severity</th>
              </tr>
            </thead>
            {groups.map((g) => (
              <tbody key={g.domain ?? 'none'}>
                <tr>
                  <th scope="rowgroup" colSpan={4} style={{ background: 'var(--surface-2)' }}>
                    {domainLabel(g.domain)} <span className="muted">({formatCount(g.items.length)})</span>
                  </th>
                </tr>
                {g.items.map((p) => (
                  <tr key={`${p.accountId}/${p.controlId}`}>
                    <td className="mono">{p.accountId}</td>
                    <td className="mono">{p.controlId}</td>
                    <td>{p.title}</td>
                    <td>
                      <SeverityBadge severity={p.severity} />
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}

function FindingsList({ list, empty }: { list: FindingList; empty: string }) {
  if (list.count === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      {list.count > list.items.length && (
        <p className="muted">
          Showing {formatCount(list.items.length)} of {formatCount(list.count)}; the CSV export has them all.
        </p>
      )}
      <div className="table-wrap no-max">
        <table>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Title</th>
              <th scope="col">Account</th>
              <th scope="col">Control</th>
              <th scope="col">Region</th>
              <th scope="col">Last updated</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((f: Finding) => (
              <tr key={f.id}>
                <td>
                  <SeverityBadge severity={f.severity} />
                </td>
                <td>{f.title}</td>
                <td className="mono">{f.accountId}</td>
                <td className="mono">{f.controlId ?? '—'}</td>
                <td className="nowrap">{f.region}</td>
                <td className="num">{formatTimestamp(f.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export default function WeeklyReviewPage() {
  const today = todayUtc();
  const [weekInUrl, setWeek] = useSearchParam('week', weekParam);
  const [tab, setTab] = useSearchParam('tab', tabParam);
  const [accountId, setAccountId] = useSearchParam('accountId', accountParam);
  const week = weekInUrl ?? lastFullWeek(today);
  const params = { week, accountId: accountId === '' ? undefined : accountId };
  const review = useWeeklyReview(params);
  const accounts = useAccounts({});
  const accountSelect = useId();
  const [exporting, setExporting] = useState<ReviewExportFormat | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  const exportAs = (format: ReviewExportFormat) => {
    setExporting(format);
    setExportError(null);
    const filename = exportFilename({
      resource: 'weekly-review',
      parts: [week, params.accountId],
      extension: format === 'csv' ? 'csv' : 'md',
    });
    downloadWeeklyReview(params, format, filename)
      .catch((error: unknown) => setExportError(error))
      .finally(() => setExporting(null));
  };

  return (
    <>
      <div className="page-header">
        <h1>Weekly review {week}</h1>
        <WeekPicker week={week} maxWeek={weekOf(today)} onChange={(w) => setWeek(w)} />
        <span className="spacer" />
        <div className="toolbar no-print" style={{ margin: 0 }}>
          <label htmlFor={accountSelect}>Scope</label>
          <select id={accountSelect} value={accountId} onChange={(e) => setAccountId(e.target.value)}>
            <option value="">Organisation</option>
            {accounts.data?.items.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.name} ({a.accountId})
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={exporting !== null} onClick={() => exportAs('markdown')}>
            {exporting === 'markdown' ? 'Exporting…' : '⤓ Markdown'}
          </button>
          <button type="button" className="button" disabled={exporting !== null} onClick={() => exportAs('csv')}>
            {exporting === 'csv' ? 'Exporting…' : '⤓ CSV'}
          </button>
          <button type="button" className="button" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      {exportError !== null && (
        <p className="inline-error" role="alert">
          Export failed: {errorMessage(exportError)}
        </p>
      )}
      <QueryState
        query={review}
        errorTitle="Could not load the weekly review"
        isEmpty={isEmptyReview}
        loading={
          <>
            <Skeleton width="70%" height="1.4em" />
            <SkeletonChart height={220} />
            <SkeletonTable />
          </>
        }
      >
        {(r) => {
          const movers = accountMovers(r.accounts);
          return (
            <>
              <p className="review-sentence" data-testid="review-sentence">
                {reviewSentence(r)}
              </p>
              <section className="section" aria-labelledby="domain-deltas-title">
                <h2 id="domain-deltas-title">Domain deltas</h2>
                <DomainDeltaBars domains={r.domains} week={r.week} />
              </section>
              <section className="section two-columns" aria-label="Accounts">
                <MoversTable title="Biggest regressions" rows={movers.regressions} empty="No account lost score." />
                <MoversTable title="Biggest improvements" rows={movers.improvements} empty="No account gained score." />
              </section>
              <section className="section two-columns" aria-label="Controls">
                <PairsByDomain title="Newly failing" pairs={r.newlyFailing} count={r.newlyFailingCount} empty="No control started failing." />
                <PairsByDomain title="No longer failing" pairs={r.noLongerFailing} count={r.noLongerFailingCount} empty="No control stopped failing." />
              </section>
              <section className="section" aria-labelledby="review-findings-title">
                <h2 id="review-findings-title">Findings</h2>
                <Tabs
                  label="Findings of the week"
                  selected={tab}
                  onSelect={(key) => setTab(key, { replace: true })}
                  tabs={[
                    {
                      key: 'new',
                      label: `New (${formatCount(r.newFindings.count)})`,
                      panel: <FindingsList list={r.newFindings} empty="No new finding this week." />,
                    },
                    {
                      key: 'resolved',
                      label: `Resolved (${formatCount(r.resolvedFindings.count)})`,
                      panel: <FindingsList list={r.resolvedFindings} empty="No finding was resolved this week." />,
                    },
                    {
                      key: 'suppressed',
                      label: `Suppressed (${formatCount(r.suppressedFindings.count)})`,
                      panel: <FindingsList list={r.suppressedFindings} empty="No finding was suppressed this week." />,
                    },
                  ]}
                />
              </section>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
