import type { Severities, Severity } from '../api/types.ts';
import { SEVERITIES } from '../api/types.ts';
import { formatCount } from '../lib/format.ts';
import { SEVERITY_LABELS } from '../theme.ts';

/** A severity: its colour and always its word. null (AWS Config rules have none) reads "no severity". */
export function SeverityBadge({ severity }: { severity: Severity | null }) {
  if (severity === null) return <span className="severity-badge severity-none">no severity</span>;
  return <span className={`severity-badge severity-${severity.toLowerCase()}`}>{severity}</span>;
}

export interface SeverityCountsProps {
  counts: Severities;
  /** Leave out severities with no open finding. */
  hideZero?: boolean;
  /** Leave out INFORMATIONAL (cards have little room). */
  hideInformational?: boolean;
}

/** Open findings by severity: "3 Critical · 12 High". */
export function SeverityCounts({ counts, hideZero = true, hideInformational = false }: SeverityCountsProps) {
  const shown = SEVERITIES.filter(
    (s) => !(hideZero && counts[s] === 0) && !(hideInformational && s === 'INFORMATIONAL'),
  );
  if (shown.length === 0) return <span className="muted">No open findings</span>;
  return (
    <ul className="severity-counts" aria-label="Open findings by severity">
      {shown.map((s) => (
        <li key={s} className={`severity-count severity-${s.toLowerCase()}`}>
          <span className="num">{formatCount(counts[s])}</span> {SEVERITY_LABELS[s]}
        </li>
      ))}
    </ul>
  );
}
