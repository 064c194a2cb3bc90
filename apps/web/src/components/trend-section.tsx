import { useTrends } from '../api/trends.ts';
import { rangeStart } from '../lib/trend-data.ts';
import { useSearchParam } from '../lib/use-search-param.ts';
import { hiddenSeriesParam, intervalParam, INTERVAL_OPTIONS, RANGE_OPTIONS, rangeParam } from '../lib/view-params.ts';
import { ErrorBanner } from './error-banner.tsx';
import { Segmented } from './segmented.tsx';
import { SkeletonChart } from './skeleton.tsx';
import { TrendChart } from './trend-chart.tsx';

export interface TrendSectionProps {
  asOf: string;
  accountId?: string;
  overallLabel: string;
}

/** Range (30/90/365 days) and interval (day/week) controls over the trend chart; all three in the URL. */
export function TrendSection({ asOf, accountId, overallLabel }: TrendSectionProps) {
  const [range, setRange] = useSearchParam('range', rangeParam);
  const [interval, setTrendInterval] = useSearchParam('interval', intervalParam);
  const [hidden, setHidden] = useSearchParam('hide', hiddenSeriesParam);
  const trends = useTrends({ from: rangeStart(asOf, range), to: asOf, interval, accountId });
  const title = `Score trend, last ${range} days to ${asOf}, by ${interval}`;

  return (
    <section className="section" aria-labelledby="trend-title">
      <div className="section-header">
        <h2 id="trend-title">Trend</h2>
        <span className="muted">
          last {range} days to {asOf}, one point per {interval}
        </span>
        <span className="spacer" />
        <div className="toolbar" style={{ margin: 0 }}>
          <Segmented label="Range" options={RANGE_OPTIONS} value={range} onChange={setRange} />
          <Segmented label="Interval" options={INTERVAL_OPTIONS} value={interval} onChange={setTrendInterval} />
        </div>
      </div>
      {trends.isPending ? (
        <SkeletonChart />
      ) : trends.isError && !trends.data ? (
        <ErrorBanner error={trends.error} title="Could not load the trend" onRetry={() => void trends.refetch()} />
      ) : trends.data.points.length === 0 ? (
        <div className="empty-state">
          <p>No history in this range yet.</p>
        </div>
      ) : (
        <div className={trends.isPlaceholderData ? 'is-stale' : undefined}>
          <TrendChart
            points={trends.data.points}
            interval={trends.data.interval}
            hidden={hidden}
            onToggle={(key) => setHidden(hidden.includes(key) ? hidden.filter((k) => k !== key) : [...hidden, key])}
            title={title}
            overallLabel={overallLabel}
          />
        </div>
      )}
    </section>
  );
}
