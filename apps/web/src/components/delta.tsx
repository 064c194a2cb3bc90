import { deltaDirection, formatDelta, NO_DATA } from '../lib/format.ts';

export interface DeltaProps {
  delta: number | null | undefined;
  /** The comparison window, printed after the number: "vs last week", "vs 2026-11-15". */
  window?: string;
  /** Extra words for the tooltip, e.g. "71.2 → 73.0". */
  detail?: string;
}

/** A change of score with its sign, arrow and window ("▲ +1.8 vs last week"); colour only repeats the arrow. */
export function Delta({ delta, window, detail }: DeltaProps) {
  const direction = deltaDirection(delta);
  const text = formatDelta(delta);
  return (
    <span className={`delta delta-${direction}`} title={detail}>
      <span className="delta-number">{text}</span>
      {window && text !== NO_DATA && <span className="delta-window"> {window}</span>}
    </span>
  );
}
