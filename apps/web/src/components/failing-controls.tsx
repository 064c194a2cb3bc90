import { Fragment, useId, useMemo } from 'react';
import { useFindings } from '../api/findings.ts';
import type { AccountControl, Severity } from '../api/types.ts';
import { DOMAIN_KEYS, SEVERITIES } from '../api/types.ts';
import { formatCount } from '../lib/format.ts';
import { remediationUrl } from '../lib/remediation.ts';
import { optionalEnumParam, stringParam } from '../lib/search-params.ts';
import { useSearchParam, useSearchParamsUpdate } from '../lib/use-search-param.ts';
import { FINDINGS_SECTION_ID } from './findings-section.tsx';
import { DOMAIN_BY_KEY, domainLabel, SEVERITY_LABELS } from '../theme.ts';
import { ErrorBanner } from './error-banner.tsx';
import { SeverityBadge } from './severity-badge.tsx';
import { Skeleton } from './skeleton.tsx';

const domainParam = optionalEnumParam([...DOMAIN_KEYS, 'none'] as const);
const severityParam = optionalEnumParam(SEVERITIES);
const textParam = stringParam('');

const SEVERITY_RANK: Record<Severity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFORMATIONAL: 4 };
/** Controls without a severity (AWS Config rules) sort after INFORMATIONAL. */
const rankOf = (severity: Severity | null) => (severity === null ? SEVERITIES.length : SEVERITY_RANK[severity]);

/** Failing controls, most severe first, then by failed resources. */
export function failingControls(controls: readonly AccountControl[]): AccountControl[] {
  return controls
    .filter((c) => c.status === 'FAILED')
    .sort(
      (a, b) =>
        rankOf(a.severity) - rankOf(b.severity) ||
        b.failedResources - a.failedResources ||
        a.controlId.localeCompare(b.controlId),
    );
}

function ControlFindings({ accountId, controlId }: { accountId: string; controlId: string }) {
  const findings = useFindings({ accountId, controlId, open: true, limit: 50 });
  const update = useSearchParamsUpdate();
  // The findings table below, narrowed to this control's open findings.
  const showInTable = () => {
    update({ fcontrol: controlId, fstate: null, fseverity: null, fdomain: null, fq: null, finding: null });
    document.getElementById(FINDINGS_SECTION_ID)?.scrollIntoView({ block: 'start' });
  };
  const tableLink = (
    <button type="button" className="link-button" onClick={showInTable}>
      Show its findings in the table ↓
    </button>
  );
  if (findings.isPending) return <Skeleton width="60%" />;
  if (findings.isError) {
    return <ErrorBanner error={findings.error} title="Could not load the findings" onRetry={() => void findings.refetch()} />;
  }
  const items = findings.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <p className="muted" style={{ margin: 0 }}>
        No open finding for this control. {tableLink}
      </p>
    );
  }
  return (
    <>
      <p style={{ margin: '0 0 0.25rem' }}>
        <span className="num">{formatCount(items.length)}{findings.hasNextPage ? '+' : ''}</span> open{' '}
        {items.length === 1 && !findings.hasNextPage ? 'finding' : 'findings'} · {tableLink}
      </p>
      <ul className="error-list">
        {items.map((f) => (
          <li key={f.id}>
            <SeverityBadge severity={f.severity} /> {f.region}{' '}
            <span className="mono">{f.resources.map((r) => r.Id ?? r.Type ?? '').join(', ') || '—'}</span>
            <span className="muted"> · {f.workflowStatus}</span>
          </li>
        ))}
        {findings.hasNextPage && <li className="muted">More in the findings table.</li>}
      </ul>
    </>
  );
}

/** An account's failing controls: filters in the URL; a row expands to its failing resources. */
export function FailingControls({ accountId, controls, asOf }: { accountId: string; controls: readonly AccountControl[]; asOf: string }) {
  const [domain, setDomain] = useSearchParam('cdomain', domainParam);
  const [severity, setSeverity] = useSearchParam('cseverity', severityParam);
  const [text, setText] = useSearchParam('cq', textParam);
  const [expanded, setExpanded] = useSearchParam('control', textParam);
  const ids = { domain: useId(), severity: useId(), text: useId() };

  const failing = useMemo(() => failingControls(controls), [controls]);
  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    return failing.filter(
      (c) =>
        (domain === null || (domain === 'none' ? c.domain === null : c.domain === domain)) &&
        (severity === null || c.severity === severity) &&
        (q === '' || c.controlId.toLowerCase().includes(q) || c.title.toLowerCase().includes(q)),
    );
  }, [failing, domain, severity, text]);

  return (
    <section className="section" aria-labelledby="controls-title">
      <div className="section-header">
        <h2 id="controls-title">Failing controls</h2>
        <span className="muted">
          {formatCount(failing.length)} failing as of {asOf}
        </span>
      </div>
      <div className="toolbar">
        <label htmlFor={ids.domain}>Domain</label>
        <select
          id={ids.domain}
          value={domain ?? ''}
          onChange={(e) => setDomain([...DOMAIN_KEYS, 'none' as const].find((k) => k === e.target.value) ?? null)}
        >
          <option value="">All domains</option>
          {DOMAIN_KEYS.map((k) => (
            <option key={k} value={k}>
              {DOMAIN_BY_KEY[k].label}
            </option>
          ))}
          <option value="none">Unmapped</option>
        </select>
        <label htmlFor={ids.severity}>Severity</label>
        <select
          id={ids.severity}
          value={severity ?? ''}
          onChange={(e) => setSeverity(SEVERITIES.find((s) => s === e.target.value) ?? null)}
        >
          <option value="">All severities</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABELS[s]}
            </option>
          ))}
        </select>
        <label htmlFor={ids.text}>Search</label>
        <input
          id={ids.text}
          type="search"
          placeholder="Control id or title"
          value={text}
          onChange={(e) => setText(e.target.value, { replace: true })}
        />
      </div>
      {failing.length === 0 ? (
        <div className="empty-state">
          <p>No control is failing in this account.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Failing controls of account {accountId}</caption>
            <thead>
              <tr>
                <th scope="col">Control</th>
                <th scope="col">Title</th>
                <th scope="col">Domain</th>
                <th scope="col">Severity</th>
                <th scope="col" className="numeric">
                  Failed resources
                </th>
                <th scope="col">Failing since</th>
                <th scope="col">Remediation</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => {
                const open = expanded === c.controlId;
                const url = remediationUrl(c.controlId);
                return (
                  <Fragment key={c.controlId}>
                    <tr>
                      <td className="mono">
                        <button
                          type="button"
                          className="expand-button"
                          aria-expanded={open}
                          aria-controls={`control-${c.controlId}`}
                          aria-label={`${open ? 'Hide' : 'Show'} failing resources of ${c.controlId}`}
                          onClick={() => setExpanded(open ? '' : c.controlId)}
                        >
                          {open ? '▾' : '▸'}
                        </button>
                        {c.controlId}
                      </td>
                      <td>{c.title}</td>
                      <td>{domainLabel(c.domain)}</td>
                      <td>
                        <SeverityBadge severity={c.severity} />
                      </td>
                      <td className="numeric">{formatCount(c.failedResources)}</td>
                      <td className="num">{c.failingSince ?? '—'}</td>
                      <td>
                        {url ? (
                          <a href={url} target="_blank" rel="noreferrer noopener">
                            ↗ remediation
                          </a>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                    {open && (
                      <tr className="expand-row" id={`control-${c.controlId}`}>
                        <td colSpan={7}>
                          <ControlFindings accountId={accountId} controlId={c.controlId} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No failing control matches these filters.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
