import { addDays, dayOf, dayStartMs, type Day } from '@pillar/domain';
import { ValidationError } from '@pillar/domain';

/** Today, UTC. */
export function todayUtc(now: number = Date.now()): Day {
  return dayOf(now);
}

/**
 * The earliest day the API answers for. No AWS data predates it, and the days computed from a request (a trend's
 * default start, the week before a week) must stay days Postgres can hold: it has no year 0.
 */
export const EARLIEST_DAY: Day = '1970-01-01';

/** CONTRACT.md: `date` defaults to today; a future day has no state yet and is refused. */
export function resolveDay(value: string | undefined, today: Day, name = 'date'): Day {
  if (value === undefined) return today;
  if (value > today) throw new ValidationError(`Invalid query field "${name}": ${value} is in the future (today is ${today}, UTC).`);
  if (value < EARLIEST_DAY) throw new ValidationError(`Invalid query field "${name}": ${value} is before ${EARLIEST_DAY}.`);
  return value;
}

/** Number of days in [from, to], both included. */
export function dayCount(from: Day, to: Day): number {
  return Math.round((dayStartMs(to) - dayStartMs(from)) / 86_400_000) + 1;
}

/** Every day of [from, to], ascending. */
export function daysOf(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
