import type { Score } from '../api/types.ts';
import { formatCounts, formatScore } from '../lib/format.ts';
import { scoreCellColors } from '../theme.ts';

export interface ScoreValueProps {
  score: Score;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** Print the counts beside the number, not only in the tooltip. */
  showCounts?: boolean;
  /** Put the number on its score colour (heatmap cells, chips). */
  colored?: boolean;
}

/** A score: one decimal, tabular figures, "no data" for null, the counts on hover and for screen readers. */
export function ScoreValue({ score, size = 'md', showCounts = false, colored = false }: ScoreValueProps) {
  const counts = formatCounts(score);
  const text = formatScore(score.score);
  const colors = colored ? scoreCellColors(score.score) : null;
  return (
    <span className={`score-value score-${size}`}>
      <span
        className={`score-number${score.score === null ? ' is-empty' : ''}${colored ? ' score-chip' : ''}`}
        style={colors ?? undefined}
        title={counts}
      >
        <span className="score-text">{text}</span>
        {!showCounts && <span className="visually-hidden"> ({counts})</span>}
      </span>
      {showCounts && <span className="score-counts">{counts}</span>}
    </span>
  );
}
