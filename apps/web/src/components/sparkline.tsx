import { formatScore } from '../lib/format.ts';

export interface SparklineProps {
  values: readonly (number | null)[];
  color: string;
  label: string;
  width?: number;
  height?: number;
}

/** A tiny score line (0-100 on the y axis) drawn as SVG: no chart library on the cards. Gaps stay gaps. */
export function Sparkline({ values, color, label, width = 120, height = 28 }: SparklineProps) {
  const known = values.filter((v): v is number => v !== null);
  if (values.length < 2 || known.length === 0) {
    return <span className="sparkline-empty muted">No trend yet</span>;
  }
  const step = width / (values.length - 1);
  const y = (v: number) => height - 2 - (v / 100) * (height - 4);
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
    } else {
      current.push(`${(i * step).toFixed(1)},${y(v).toFixed(1)}`);
    }
  });
  if (current.length > 0) segments.push(current.join(' '));
  const first = known[0] ?? null;
  const last = known[known.length - 1] ?? null;
  return (
    <svg
      className="sparkline"
      // Stretched to the card's width; the stroke keeps its thickness.
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: ${formatScore(first)} to ${formatScore(last)}`}
    >
      {segments.map((points) =>
        points.includes(' ') ? (
          <polyline key={points} points={points} fill="none" stroke={color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        ) : (
          // A lone day between gaps: a dot (a zero-length round-capped line stays round when stretched).
          <polyline
            key={points}
            points={`${points} ${points}`}
            fill="none"
            stroke={color}
            strokeWidth={3}
            strokeLinecap="round"
            vectorEffect="non-scaling-stroke"
          />
        ),
      )}
    </svg>
  );
}
