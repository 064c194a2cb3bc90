import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { Interval, TrendPoint } from '../api/types.ts';
import { formatDayTick } from '../lib/dates.ts';
import { formatCounts, formatScore } from '../lib/format.ts';
import { SERIES_KEYS, seriesScore, toTrendRows, type SeriesKey } from '../lib/trend-data.ts';
import { DOMAIN_BY_KEY } from '../theme.ts';

export interface TrendChartProps {
  points: readonly TrendPoint[];
  interval: Interval;
  /** Series switched off in the legend (kept in the URL by the page). */
  hidden: readonly SeriesKey[];
  onToggle: (key: SeriesKey) => void;
  height?: number;
  /** Accessible name of the chart. */
  title: string;
  /** Name of the bold line: "Organisation", or "Account" on an account's page. */
  overallLabel?: string;
}

const OVERALL_LABEL = 'Organisation';

function seriesLabel(key: SeriesKey, overallLabel: string): string {
  return key === 'overall' ? overallLabel : DOMAIN_BY_KEY[key].label;
}

function seriesColor(key: SeriesKey): string {
  return key === 'overall' ? 'currentColor' : DOMAIN_BY_KEY[key].color;
}

/**
 * Scores over time as the API aggregated them: one line per domain in its fixed colour, the overall score
 * bold. No animation; the tooltip gives each series' counts, not only its score.
 */
export function TrendChart({
  points,
  interval,
  hidden,
  onToggle,
  height = 300,
  title,
  overallLabel = OVERALL_LABEL,
}: TrendChartProps) {
  const rows = useMemo(() => toTrendRows(points), [points]);
  const byDate = useMemo(() => new Map(points.map((p) => [p.date, p])), [points]);
  const visible = SERIES_KEYS.filter((k) => !hidden.includes(k));

  const renderTooltip = ({ active, label }: TooltipContentProps) => {
    if (!active || label === undefined) return null;
    const point = byDate.get(String(label));
    if (!point) return null;
    return (
      <div className="chart-tooltip">
        <strong>{interval === 'week' ? `Week ending ${String(label)}` : String(label)}</strong>
        <ul>
          {visible.map((key) => {
            const score = seriesScore(point, key);
            return (
              <li key={key}>
                <span className="legend-swatch" style={{ background: seriesColor(key) }} aria-hidden="true" />
                <span>{seriesLabel(key, overallLabel)}</span>
                <strong className="num">{formatScore(score?.score)}</strong>
                {score && <span className="muted">{formatCounts(score)}</span>}
              </li>
            );
          })}
        </ul>
      </div>
    );
  };

  return (
    <figure className="chart-panel" style={{ margin: 0 }}>
      <figcaption className="visually-hidden">{title}</figcaption>
      <ul className="legend-toggles" aria-label="Series">
        {SERIES_KEYS.map((key) => (
          <li key={key}>
            <button
              type="button"
              className="legend-toggle"
              aria-pressed={!hidden.includes(key)}
              onClick={() => onToggle(key)}
            >
              <span
                className={`legend-swatch${key === 'overall' ? ' bold' : ''}`}
                style={{ background: seriesColor(key) }}
                aria-hidden="true"
              />
              {seriesLabel(key, overallLabel)}
            </button>
          </li>
        ))}
      </ul>
      <LineChart
        data={rows}
        responsive
        style={{ width: '100%', height }}
        margin={{ top: 8, right: 16, bottom: 24, left: 8 }}
        accessibilityLayer
        title={title}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="date"
          tickFormatter={(d: string) => formatDayTick(d)}
          minTickGap={24}
          label={{ value: interval === 'week' ? 'Week ending (UTC)' : 'Day (UTC)', position: 'insideBottom', offset: -16 }}
        />
        <YAxis
          domain={[0, 100]}
          ticks={[0, 25, 50, 75, 100]}
          width={56}
          label={{ value: 'Score (0–100)', angle: -90, position: 'insideLeft', offset: 12 }}
        />
        <Tooltip content={renderTooltip} isAnimationActive={false} />
        {visible.map((key) => (
          <Line
            key={key}
            dataKey={key}
            name={seriesLabel(key, overallLabel)}
            type="linear"
            stroke={seriesColor(key)}
            strokeWidth={key === 'overall' ? 3 : 1.6}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}
