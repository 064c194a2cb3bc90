import type { DomainKey, DomainScore, TrendPoint } from '../api/types.ts';
import { formatScore, scoreDelta } from '../lib/format.ts';
import { seriesValues } from '../lib/trend-data.ts';
import { DOMAIN_BY_KEY } from '../theme.ts';
import { DomainCard } from './domain-card.tsx';

export interface DomainCardsProps {
  domains: readonly DomainScore[];
  /** The same scope's domains DELTA_DAYS earlier, for the deltas; undefined while loading or unavailable. */
  previous?: readonly DomainScore[];
  /** Printed after each card's delta, kept short so that it stays on the score's line ("in 7 d"). */
  deltaWindow: string;
  /** The comparison in full for the tooltip ("vs 2026-11-22"). */
  deltaDetail?: string;
  /** Daily points of the last 30 days, for the sparklines. */
  sparkPoints?: readonly TrendPoint[];
  linkFor?: (key: DomainKey) => string;
}

export function DomainCards({ domains, previous, deltaWindow, deltaDetail, sparkPoints, linkFor }: DomainCardsProps) {
  return (
    <div className="card-grid" role="list" aria-label="Security domains">
      {domains.map((domain) => {
        const before = previous?.find((d) => d.key === domain.key);
        return (
          <div role="listitem" key={domain.key}>
            <DomainCard
              domain={domain}
              delta={previous ? scoreDelta(domain.score, before?.score) : undefined}
              deltaWindow={deltaWindow}
              deltaDetail={
                deltaDetail && before ? `${deltaDetail}: ${formatScore(before.score)} → ${formatScore(domain.score)}` : deltaDetail
              }
              sparkline={sparkPoints ? seriesValues(sparkPoints, domain.key) : undefined}
              sparklineLabel={`${DOMAIN_BY_KEY[domain.key].label}, last 30 days`}
              to={linkFor?.(domain.key)}
            />
          </div>
        );
      })}
    </div>
  );
}
