import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { DomainChange } from '../api/types.ts';
import { formatCounts, formatDelta, formatScore, symmetricTicks } from '../lib/format.ts';
import { DOMAIN_BY_KEY } from '../theme.ts';

interface Row {
  label: string;
  delta: number;
  color: string;
  change: DomainChange;
}

/** Week-over-week change per domain, bars diverging around 0 in the domain colours; the number is in the label. */
export function DomainDeltaBars({ domains, week }: { domains: readonly DomainChange[]; week: string }) {
  const rows: Row[] = domains.map((d) => ({
    label: `${DOMAIN_BY_KEY[d.key].label}  ${formatDelta(d.delta)}`,
    delta: d.delta ?? 0,
    color: DOMAIN_BY_KEY[d.key].color,
    change: d,
  }));
  const { extent, ticks } = symmetricTicks(Math.max(0, ...rows.map((r) => Math.abs(r.delta))));

  const renderTooltip = ({ active, payload }: TooltipContentProps) => {
    const row = active ? (payload[0]?.payload as Row | undefined) : undefined;
    if (!row) return null;
    const { change } = row;
    return (
      <div className="chart-tooltip">
        <strong>{DOMAIN_BY_KEY[change.key].label}</strong>
        <div>
          {formatScore(change.previous.score)} → {formatScore(change.current.score)} ({formatDelta(change.delta)})
        </div>
        <div className="muted">now: {formatCounts(change.current)}</div>
        <div className="muted">before: {formatCounts(change.previous)}</div>
      </div>
    );
  };

  return (
    <figure className="chart-panel" style={{ margin: 0 }}>
      <figcaption className="visually-hidden">Change of each domain's score in {week}, in score points</figcaption>
      <BarChart
        data={rows}
        layout="vertical"
        responsive
        style={{ width: '100%', height: 56 + rows.length * 36 }}
        margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
        accessibilityLayer
      >
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis
          type="number"
          domain={[-extent, extent]}
          ticks={ticks}
          label={{ value: 'Change vs previous week (score points)', position: 'insideBottom', offset: -16 }}
        />
        <YAxis type="category" dataKey="label" width={190} />
        <ReferenceLine x={0} stroke="currentColor" />
        <Tooltip content={renderTooltip} isAnimationActive={false} cursor={{ fillOpacity: 0.1 }} />
        <Bar dataKey="delta" isAnimationActive={false} barSize={18}>
          {rows.map((r) => (
            <Cell key={r.change.key} fill={r.color} />
          ))}
        </Bar>
      </BarChart>
    </figure>
  );
}
