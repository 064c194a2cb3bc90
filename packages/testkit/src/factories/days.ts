/** A UTC day `YYYY-MM-DD`, as factories take them. */
export type Day = string;

/** The `date` column value of a day (UTC midnight). */
export function dateOf(day: Day): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function optionalDate(day: Day | null | undefined): Date | null {
  return day === null || day === undefined ? null : dateOf(day);
}

/**
 * Consecutive half-open intervals from steps: step i holds [from_i, from_{i+1}); the last holds until `end`
 * (exclusive) or stays current (null).
 */
export function intervalsOf<T extends { from: Day }>(steps: readonly T[], end: Day | null = null): (T & { toDay: Day | null })[] {
  const sorted = [...steps].sort((a, b) => a.from.localeCompare(b.from));
  return sorted.map((step, i) => ({ ...step, toDay: sorted[i + 1]?.from ?? end }));
}
