import { useId, useMemo, useState } from 'react';
import { downloadFindingsCsv, useFindings, type FindingsFilter } from '../api/findings.ts';
import { errorMessage } from '../api/errors.ts';
import { DOMAIN_KEYS, SEVERITIES, type Finding } from '../api/types.ts';
import { formatTimestamp } from '../lib/dates.ts';
import { exportFilename } from '../lib/filename.ts';
import { formatCount } from '../lib/format.ts';
import { enumParam, listParam, optionalEnumParam, stringParam } from '../lib/search-params.ts';
import { useSearchParam } from '../lib/use-search-param.ts';
import { DOMAIN_BY_KEY, domainLabel, SEVERITY_LABELS } from '../theme.ts';
import { ErrorBanner } from './error-banner.tsx';
import { FindingDrawer } from './finding-drawer.tsx';
import { SeverityBadge } from './severity-badge.tsx';
import { SkeletonTable } from './skeleton.tsx';

// Param names are prefixed so that they do not collide with the page's other tables.
const stateParam = enumParam(['open', 'all'], 'open');
const severityParam = listParam(SEVERITIES);
const domainParam = optionalEnumParam(DOMAIN_KEYS);
const queryParam = stringParam('');
const controlParam = stringParam('');
const findingParam = stringParam('');

/** The section's element id: a failing control's "its findings" link scrolls here. */
export const FINDINGS_SECTION_ID = 'findings';

export interface FindingsSectionProps {
  accountId: string;
  /** For the export's file name. */
  date: string;
}

function firstResource(finding: Finding): string {
  const first = finding.resources[0]?.Id ?? '—';
  return finding.resources.length > 1 ? `${first} +${finding.resources.length - 1}` : first;
}

/** An account's findings: filters in the URL, pages loaded on demand, CSV export, details in a drawer. */
export function FindingsSection({ accountId, date }: FindingsSectionProps) {
  const [state, setState] = useSearchParam('fstate', stateParam);
  const [severities, setSeverities] = useSearchParam('fseverity', severityParam);
  const [domain, setDomain] = useSearchParam('fdomain', domainParam);
  const [q, setQ] = useSearchParam('fq', queryParam);
  // Set by a failing control's "its findings" link: the findings of exactly that control.
  const [controlId, setControlId] = useSearchParam('fcontrol', controlParam);
  const [openId, setOpenId] = useSearchParam('finding', findingParam);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const ids = { state: useId(), domain: useId(), q: useId() };

  const filter: FindingsFilter = useMemo(
    () => ({
      accountId,
      open: state === 'open' ? true : undefined,
      severity: severities.length > 0 ? severities : undefined,
      domain: domain ?? undefined,
      controlId: controlId === '' ? undefined : controlId,
      q: q.trim() === '' ? undefined : q.trim(),
    }),
    [accountId, state, severities, domain, controlId, q],
  );
  const findings = useFindings(filter);
  const items = useMemo(() => findings.data?.pages.flatMap((p) => p.items) ?? [], [findings.data]);
  const drawerFinding = openId === '' ? undefined : (items.find((f) => f.id === openId) ?? (findings.isPending ? undefined : null));

  const toggleSeverity = (s: (typeof SEVERITIES)[number]) =>
    setSeverities(severities.includes(s) ? severities.filter((x) => x !== s) : [...severities, s]);

  const exportCsv = () => {
    setExporting(true);
    setExportError(null);
    const name = exportFilename({
      resource: 'findings',
      parts: [accountId, date, state === 'open' ? 'open' : null, domain, controlId, ...severities],
      extension: 'csv',
    });
    downloadFindingsCsv(filter, name)
      .catch((error: unknown) => setExportError(error))
      .finally(() => setExporting(false));
  };

  return (
    <section className="section" id={FINDINGS_SECTION_ID} aria-labelledby="findings-title">
      <div className="section-header">
        <h2 id="findings-title">Findings</h2>
        <span className="spacer" />
        <button type="button" className="button" onClick={exportCsv} disabled={exporting}>
          {exporting ? 'Exporting…' : '⤓ CSV'}
        </button>
      </div>
      {exportError !== null && <p className="inline-error" role="alert">Export failed: {errorMessage(exportError)}</p>}
      <div className="toolbar">
        <label htmlFor={ids.state}>State</label>
        <select id={ids.state} value={state} onChange={(e) => setState(e.target.value === 'all' ? 'all' : 'open')}>
          <option value="open">Open</option>
          <option value="all">All</option>
        </select>
        <div className="segmented" role="group" aria-label="Severity">
          {SEVERITIES.map((s) => (
            <button key={s} type="button" aria-pressed={severities.includes(s)} onClick={() => toggleSeverity(s)}>
              {SEVERITY_LABELS[s]}
            </button>
          ))}
        </div>
        <label htmlFor={ids.domain}>Domain</label>
        <select
          id={ids.domain}
          value={domain ?? ''}
          onChange={(e) => setDomain(DOMAIN_KEYS.find((k) => k === e.target.value) ?? null)}
        >
          <option value="">All domains</option>
          {DOMAIN_KEYS.map((k) => (
            <option key={k} value={k}>
              {DOMAIN_BY_KEY[k].label}
            </option>
          ))}
        </select>
        {controlId !== '' && (
          <span className="filter-chip">
            Control <span className="mono">{controlId}</span>
            <button type="button" className="icon-button" aria-label={`Remove the filter on control ${controlId}`} onClick={() => setControlId('')}>
              ✕
            </button>
          </span>
        )}
        <label htmlFor={ids.q}>Search</label>
        <input
          id={ids.q}
          type="search"
          placeholder="Title, control or resource id"
          value={q}
          onChange={(e) => setQ(e.target.value, { replace: true })}
        />
      </div>
      {findings.isPending ? (
        <SkeletonTable columns={6} />
      ) : findings.isError && items.length === 0 ? (
        <ErrorBanner error={findings.error} title="Could not load the findings" onRetry={() => void findings.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          <p>No finding matches these filters.</p>
        </div>
      ) : (
        <>
          <div className={`table-wrap${findings.isPlaceholderData ? ' is-stale' : ''}`}>
            <table>
              <caption className="visually-hidden">Findings of account {accountId}</caption>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Title</th>
                  <th scope="col">Control</th>
                  <th scope="col">Domain</th>
                  <th scope="col">Region</th>
                  <th scope="col">Resource</th>
                  <th scope="col">Workflow</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <SeverityBadge severity={f.severity} />
                    </td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setOpenId(f.id)}>
                        {f.title}
                      </button>
                    </td>
                    <td className="mono">{f.controlId ?? '—'}</td>
                    <td>{domainLabel(f.domain)}</td>
                    <td className="nowrap">{f.region}</td>
                    <td className="mono">{firstResource(f)}</td>
                    <td>{f.workflowStatus}</td>
                    <td className="num">{formatTimestamp(f.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-footer">
            <span>
              {formatCount(items.length)} {items.length === 1 ? 'finding' : 'findings'} shown
              {findings.hasNextPage ? ', more available' : ''}
            </span>
            {findings.hasNextPage && (
              <button
                type="button"
                className="button"
                disabled={findings.isFetchingNextPage}
                onClick={() => void findings.fetchNextPage()}
              >
                {findings.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
            {findings.isError && <span className="inline-error">{errorMessage(findings.error)}</span>}
          </div>
        </>
      )}
      <FindingDrawer finding={drawerFinding} onClose={() => setOpenId('', { replace: true })} />
    </section>
  );
}
