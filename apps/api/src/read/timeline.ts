import {
  addDays,
  formatIsoWeek,
  isoWeekOf,
  previousWeek,
  weekMonday,
  weekSunday,
  ValidationError,
  type Day,
  type IsoWeek,
} from '@pillar/domain';

/**
 * For each day, the value of the latest recorded day on or before it (SCORING.md "Time": a day without a
 * sync keeps the previous state); `empty` before the first recorded day. `recorded` must be ascending.
 */
export function carryForward<T>(days: readonly Day[], recorded: readonly Day[], valueOf: (recordedDay: Day) => T, empty: T): T[] {
  const out: T[] = [];
  let i = -1;
  for (const day of days) {
    while (i + 1 < recorded.length && (recorded[i + 1] as Day) <= day) i++;
    const r = recorded[i];
    out.push(r === undefined ? empty : valueOf(r));
  }
  return out;
}

/** A half-open interval [fromDay, toDay); toDay null = still current. */
export type Interval = { fromDay: Day; toDay: Day | null };

/** Whether the interval is in force at the end of `day`. */
export function inForce(interval: Interval, day: Day): boolean {
  return interval.fromDay <= day && (interval.toDay === null || interval.toDay > day);
}

/** For each day, the intervals in force that day. */
export function expandIntervals<T extends Interval>(days: readonly Day[], intervals: readonly T[]): T[][] {
  return days.map((day) => intervals.filter((iv) => inForce(iv, day)));
}

/** A week's span: Monday, Sunday and the day whose end is its value (Sunday, or today for the current week). */
export type WeekSpan = { week: IsoWeek; label: string; monday: Day; sunday: Day; end: Day; current: boolean };

/** SCORING.md: a week's value is that of its last day that has passed. A week starting after today is refused. */
export function weekSpan(week: IsoWeek, today: Day): WeekSpan {
  const monday = weekMonday(week);
  const sunday = weekSunday(week);
  if (monday > today) throw new ValidationError(`Invalid query field "week": ${formatIsoWeek(week)} has not started yet.`);
  const current = sunday >= today;
  return { week, label: formatIsoWeek(week), monday, sunday, end: current ? today : sunday, current };
}

/** The week before, as a span (always past when `week` has started). */
export function previousWeekSpan(week: IsoWeek, today: Day): WeekSpan {
  return weekSpan(previousWeek(week), today);
}

/** The end day of every ISO week overlapping [from, to] (from <= to <= today), ascending. */
export function weekPointDays(from: Day, to: Day, today: Day): Day[] {
  const out: Day[] = [];
  for (let monday = weekMonday(isoWeekOf(from)); monday <= to; monday = addDays(monday, 7)) {
    out.push(weekSpan(isoWeekOf(monday), today).end);
  }
  return out;
}
