import { useEffect, useRef } from 'react';
import type { Finding } from '../api/types.ts';
import { formatTimestamp } from '../lib/dates.ts';
import { remediationUrl } from '../lib/remediation.ts';
import { domainLabel } from '../theme.ts';
import { CopyButton } from './copy-button.tsx';
import { SeverityBadge } from './severity-badge.tsx';

export interface FindingDrawerProps {
  /** undefined: closed. null: the URL names a finding that is not in the loaded list. */
  finding: Finding | null | undefined;
  onClose: () => void;
}

/** A finding's details in a modal side drawer (<dialog>: focus is trapped, Esc closes). */
export function FindingDrawer({ finding, onClose }: FindingDrawerProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = finding !== undefined;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  const remediation = finding ? (finding.remediationUrl ?? (finding.controlId ? remediationUrl(finding.controlId) : null)) : null;
  const raw = finding ? JSON.stringify(finding.raw ?? finding, null, 2) : '';

  return (
    <dialog
      ref={dialog}
      className="drawer"
      aria-labelledby="finding-drawer-title"
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === dialog.current) dialog.current.close();
      }}
    >
      <div className="drawer-header">
        <h2 id="finding-drawer-title">{finding ? finding.title : 'Finding not found'}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => dialog.current?.close()}>
          ✕
        </button>
      </div>
      <div className="drawer-body">
        {finding === null && <p>This finding is not in the list as filtered. Change the filters or load more findings.</p>}
        {finding && (
          <>
            <dl className="facts">
              <dt>Severity</dt>
              <dd>
                <SeverityBadge severity={finding.severity} />
              </dd>
              <dt>Status</dt>
              <dd>{finding.complianceStatus ?? 'no compliance status'}</dd>
              <dt>Workflow</dt>
              <dd>{finding.workflowStatus}</dd>
              <dt>Record state</dt>
              <dd>{finding.recordState}</dd>
              <dt>Control</dt>
              <dd>{finding.controlId ?? '—'}</dd>
              <dt>Domain</dt>
              <dd>{domainLabel(finding.domain)}</dd>
              <dt>Account</dt>
              <dd className="mono">{finding.accountId}</dd>
              <dt>Region</dt>
              <dd>{finding.region}</dd>
              <dt>Product</dt>
              <dd>{finding.productName}</dd>
              <dt>Resources</dt>
              <dd>
                {finding.resources.length === 0 ? (
                  '—'
                ) : (
                  <ul className="error-list">
                    {finding.resources.map((r, i) => (
                      <li key={`${r.Id ?? ''}-${i}`}>
                        <span className="muted">{r.Type ?? 'Resource'}</span> <span className="mono">{r.Id ?? '—'}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
              <dt>First seen</dt>
              <dd>{formatTimestamp(finding.firstObservedAt)}</dd>
              <dt>Last updated</dt>
              <dd>{formatTimestamp(finding.updatedAt)}</dd>
              <dt>Remediation</dt>
              <dd>
                {remediation ? (
                  <a href={remediation} target="_blank" rel="noreferrer noopener">
                    How to fix ↗
                  </a>
                ) : (
                  '—'
                )}
              </dd>
              <dt>Finding id</dt>
              <dd className="mono">{finding.id}</dd>
            </dl>
            <details>
              <summary>{finding.raw === undefined ? 'Finding as returned by the API (JSON)' : 'Raw ASFF'}</summary>
              <div className="toolbar">
                <CopyButton text={raw} label="Copy JSON" />
              </div>
              <pre className="raw-json">{raw}</pre>
            </details>
          </>
        )}
      </div>
    </dialog>
  );
}
