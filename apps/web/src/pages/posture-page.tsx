import { useMemo } from 'react';
import { useLocation } from 'react-router';
import { useAccounts } from '../api/accounts.ts';
import { useControls } from '../api/controls.ts';
import { usePosture } from '../api/posture.ts';
import { useTrends } from '../api/trends.ts';
import type { ControlSummary, Posture } from '../api/types.ts';
import { AccountsTable } from '../components/accounts-table.tsx';
import { Delta } from '../components/delta.tsx';
import { DomainCards } from '../components/domain-cards.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { QueryState } from '../components/query-state.tsx';
import { ScoreValue } from '../components/score-value.tsx';
import { SeverityBadge, SeverityCounts } from '../components/severity-badge.tsx';
import { Skeleton, SkeletonCards, SkeletonTable } from '../components/skeleton.tsx';
import { TrendSection } from '../components/trend-section.tsx';
import { addDays, todayUtc } from '../lib/dates.ts';
import { formatCount, formatCounts, scoreDelta } from '../lib/format.ts';
import { remediationUrl } from '../lib/remediation.ts';
import { GLOBAL_PARAMS, withCarriedParams } from '../lib/search-params.ts';
import { rangeStart } from '../lib/trend-data.ts';
import { useSearchParam } from '../lib/use-search-param.ts';
import { dateParam, DELTA_DAYS } from '../lib/view-params.ts';
import { domainLabel } from '../theme.ts';

const TOP_CONTROLS = 10;

function isEmptyPosture(p: Posture): boolean {
  const { passed, failed, unknown, noData } = p.overall;
  return passed + failed + unknown + noData === 0;
}

/** Controls failing in the most accounts; ties by severity order of the API's list. */
function mostFailed(items: readonly ControlSummary[]): ControlSummary[] {
  return items.filter((c) => c.failed > 0).sort((a, b) => b.failed - a.failed).slice(0, TOP_CONTROLS);
}

export default function PosturePage() {
  const [date] = useSearchParam('date', dateParam);
  const asOf = date ?? todayUtc();
  const before = addDays(asOf, -DELTA_DAYS);
  const deltaWindow = `vs ${before}`;
  const { search } = useLocation();

  const posture = usePosture({ date: date ?? undefined });
  const previous = usePosture({ date: before });
  const spark = useTrends({ from: rangeStart(asOf, 30), to: asOf, interval: 'day' });
  const accounts = useAccounts({ date: date ?? undefined });
  const controls = useControls({ date: date ?? undefined });
  const topControls = useMemo(() => mostFailed(controls.data?.items ?? []), [controls.data]);

  const current = new URLSearchParams(search);
  const accountsSortedBy = (key: string) => withCarriedParams(`/accounts?sort=${key}`, current, GLOBAL_PARAMS);

  return (
    <>
      <h1 className="visually-hidden">Posture</h1>
      <QueryState
        query={posture}
        errorTitle="Could not load the posture"
        isEmpty={isEmptyPosture}
        loading={
          <>
            <Skeleton width="40%" height="2.4em" />
            <SkeletonCards />
          </>
        }
      >
        {(p) => (
          <>
            <section className="page-header" aria-label="Organisation score">
              <div>
                <div className="headline">
                  <span className="headline-label">Organisation</span>
                  <ScoreValue score={p.overall} size="xl" />
                  {previous.data && (
                    <Delta
                      delta={scoreDelta(p.overall.score, previous.data.overall.score)}
                      window={deltaWindow}
                      detail={`${before}: ${formatCounts(previous.data.overall)}`}
                    />
                  )}
                </div>
                <p className="score-counts" style={{ margin: '0.25rem 0' }}>
                  {formatCounts(p.overall)} <span className="muted">(control × account pairs, as of {p.date})</span>
                </p>
                <div className="headline">
                  <span className="muted">Open findings:</span>
                  <SeverityCounts counts={p.openFindings} />
                </div>
                {p.unmapped.passed + p.unmapped.failed + p.unmapped.unknown + p.unmapped.noData > 0 && (
                  <p className="muted" style={{ margin: '0.25rem 0 0' }}>
                    Controls in no domain (counted in the organisation score): <ScoreValue score={p.unmapped} size="sm" />{' '}
                    — {formatCounts(p.unmapped)}
                  </p>
                )}
              </div>
            </section>
            <DomainCards
              domains={p.domains}
              previous={previous.data?.domains}
              deltaWindow={`in ${DELTA_DAYS} d`}
              deltaDetail={deltaWindow}
              sparkPoints={spark.data?.interval === 'day' ? spark.data.points : undefined}
              linkFor={(key) => accountsSortedBy(key)}
            />
            <TrendSection asOf={asOf} overallLabel="Organisation" />
            <section className="section" aria-labelledby="heatmap-title">
              <div className="section-header">
                <h2 id="heatmap-title">Accounts × domains</h2>
                <span className="muted">score as of {p.date}; a row opens the account</span>
              </div>
              {accounts.isPending ? (
                <SkeletonTable columns={7} />
              ) : accounts.isError && !accounts.data ? (
                <ErrorBanner error={accounts.error} title="Could not load the accounts" onRetry={() => void accounts.refetch()} />
              ) : (
                <AccountsTable items={accounts.data.items} caption="Accounts by domain score" />
              )}
            </section>
            <section className="section" aria-labelledby="controls-title">
              <div className="section-header">
                <h2 id="controls-title">Most failed controls</h2>
                <span className="muted">by number of accounts failing, as of {p.date}</span>
              </div>
              {controls.isPending ? (
                <SkeletonTable columns={5} rows={4} />
              ) : controls.isError && !controls.data ? (
                <ErrorBanner error={controls.error} title="Could not load the controls" onRetry={() => void controls.refetch()} />
              ) : topControls.length === 0 ? (
                <div className="empty-state">
                  <p>No control is failing in any account.</p>
                </div>
              ) : (
                <div className="table-wrap no-max">
                  <table>
                    <caption className="visually-hidden">Controls failing in the most accounts</caption>
                    <thead>
                      <tr>
                        <th scope="col">Control</th>
                        <th scope="col">Title</th>
                        <th scope="col">Domain</th>
                        <th scope="col">Severity</th>
                        <th scope="col" className="numeric">
                          Accounts failing
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {topControls.map((c) => {
                        const url = remediationUrl(c.controlId);
                        const evaluated = c.passed + c.failed + c.unknown;
                        return (
                          <tr key={c.controlId}>
                            <td className="mono">{c.controlId}</td>
                            <td>
                              {c.title}
                              {url && (
                                <>
                                  {' '}
                                  <a href={url} target="_blank" rel="noreferrer noopener" aria-label={`Remediation for ${c.controlId}`}>
                                    ↗
                                  </a>
                                </>
                              )}
                            </td>
                            <td>{domainLabel(c.domain)}</td>
                            <td>
                              <SeverityBadge severity={c.severity} />
                            </td>
                            <td className="numeric" title={`${c.passed} passed · ${c.failed} failed · ${c.unknown} unknown · ${c.noData} no data`}>
                              {formatCount(c.failed)} <span className="muted">of {formatCount(evaluated)}</span>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}
