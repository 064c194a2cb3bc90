import type { DomainKey, DomainScore, TrendPoint } from '../api/types.ts';
import { scoreDelta } from '../lib/format.ts';
import { seriesValues } from '../lib/trend-data.ts';
import { DOMAIN_BY_KEY } from '../theme.ts';
import { DomainCard } from './domain-card.tsx';

export interface DomainCardsProps {
  domains: readonly DomainScore[];
  /** The same scope's domains DELTA_DAYS earlier, for the deltas; undefined while loading or unavailable. */
  previous?: readonly DomainScore[];
  deltaWindow: string;
  /** Daily points of the last 30 days, for the sparklines. */
  sparkPoints?: readonly TrendPoint[];
  linkFor?: (key: DomainKey) => string;
}

export function DomainCards({ domains, previous, deltaWindow, sparkPoints, linkFor }: DomainCardsProps) {
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
