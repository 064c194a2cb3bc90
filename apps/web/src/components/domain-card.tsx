import { Link } from 'react-router';
import type { DomainScore } from '../api/types.ts';
import { formatCounts } from '../lib/format.ts';
import { DOMAIN_BY_KEY } from '../theme.ts';
import { Delta } from './delta.tsx';
import { ScoreValue } from './score-value.tsx';
import { SeverityCounts } from './severity-badge.tsx';
import { Sparkline } from './sparkline.tsx';

export interface DomainCardProps {
  domain: DomainScore;
  delta?: number | null;
  deltaWindow?: string;
  /** Tooltip of the delta: the full comparison. */
  deltaDetail?: string;
  /** Scores of the last days, oldest first. */
  sparkline?: readonly (number | null)[];
  sparklineLabel?: string;
  /** Where the card leads (the accounts view sorted by this domain). */
  to?: string;
}

/** One security domain: score, change, a short trend and its open findings. */
export function DomainCard({ domain, delta, deltaWindow, deltaDetail, sparkline, sparklineLabel, to }: DomainCardProps) {
  const style = DOMAIN_BY_KEY[domain.key];
  const body = (
    <>
      <h3 className="domain-card-title">
        <span className="domain-swatch" style={{ background: style.color }} aria-hidden="true" />
        {style.label}
      </h3>
      <div className="domain-card-score">
        <ScoreValue score={domain} size="lg" />
        {delta !== undefined && <Delta delta={delta} window={deltaWindow} detail={deltaDetail} />}
      </div>
      {sparkline && (
        <Sparkline values={sparkline} color={style.color} label={sparklineLabel ?? `${style.label} trend`} />
      )}
      <p className="domain-card-counts">{formatCounts(domain)}</p>
      {domain.openFindings && <SeverityCounts counts={domain.openFindings} hideInformational />}
    </>
  );
  return (
    <article className="domain-card" style={{ borderTopColor: style.color }} data-domain={domain.key}>
      {to ? (
        <Link to={to} className="domain-card-link">
          {body}
        </Link>
      ) : (
        <div className="domain-card-body">{body}</div>
      )}
    </article>
  );
}
