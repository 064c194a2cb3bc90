import type { Score } from '../api/types.ts';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const NO_DATA = 'no data';
const MINUS = '\u2212';

/** Round half away from zero to one decimal, with a nudge so that 72.45 (stored as 72.4499...) gives 72.5. */
function roundOne(value: number): number {
  return Math.sign(value) * (Math.round(Math.abs(value) * 10 + 1e-9) / 10);
}

/** A score as printed everywhere: one decimal, "no data" for null (never 0). */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return NO_DATA;
  return roundOne(score).toFixed(1);
}

export function formatCount(value: number): string {
  return integer.format(value);
}

/** "61 passed · 18 failed · 3 unknown · 5 no data". */
export function formatCounts(score: Pick<Score, 'passed' | 'failed' | 'unknown' | 'noData'>): string {
  return [
    `${formatCount(score.passed)} passed`,
    `${formatCount(score.failed)} failed`,
    `${formatCount(score.unknown)} unknown`,
    `${formatCount(score.noData)} no data`,
  ].join(' · ');
}

export type DeltaDirection = 'up' | 'down' | 'flat' | 'none';

export function deltaDirection(delta: number | null | undefined): DeltaDirection {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return 'none';
  const rounded = roundOne(delta);
  if (rounded > 0) return 'up';
  if (rounded < 0) return 'down';
  return 'flat';
}

const ARROWS: Record<DeltaDirection, string> = { up: '▲', down: '▼', flat: '─', none: '' };

/** "▲ +1.8", "▼ −2.1", "─ 0.0"; the window is added by the caller ("vs last week"). */
export function formatDelta(delta: number | null | undefined): string {
  const direction = deltaDirection(delta);
  if (direction === 'none' || delta === null || delta === undefined) return NO_DATA;
  const magnitude = Math.abs(roundOne(delta)).toFixed(1);
  const sign = direction === 'up' ? '+' : direction === 'down' ? MINUS : '';
  return `${ARROWS[direction]} ${sign}${magnitude}`;
}

/** "▲ +1.8 vs last week". */
export function formatDeltaWithWindow(delta: number | null | undefined, window: string): string {
  const text = formatDelta(delta);
  return text === NO_DATA ? `${NO_DATA} ${window}` : `${text} ${window}`;
}

/** Difference of two scores, null when either is missing (SCORING.md: deltas of null are null). */
export function scoreDelta(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  return current - previous;
}

/** "2 h ago", "5 min ago", "3 d ago", "just now". */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((now.getTime() - then) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** "45 s", "3 min 12 s", "1 h 4 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes < 60) return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/**
 * A symmetric axis around 0 for diverging bars: a round step (0.5, 1, 2, 5, 10, 20, 50) and ticks at its
 * multiples, so that labels read -4, -2, 0, 2, 4 rather than -7, -3, 1, 5.
 */
export function symmetricTicks(maxAbs: number, targetTicksPerSide = 4): { extent: number; ticks: number[] } {
  const size = Number.isFinite(maxAbs) && maxAbs > 0 ? maxAbs : 1;
  const steps = [0.5, 1, 2, 5, 10, 20, 50];
  const step = steps.find((s) => s * targetTicksPerSide >= size) ?? 50;
  const perSide = Math.max(1, Math.ceil(size / step));
  const extent = perSide * step;
  const ticks: number[] = [];
  for (let i = -perSide; i <= perSide; i++) ticks.push(i * step);
  return { extent, ticks };
}
