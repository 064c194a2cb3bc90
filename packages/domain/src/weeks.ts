import { addDays, dayOf, dayStartMs, isoWeekday, type Day } from './days.ts';

/** An ISO week (Monday to Sunday, UTC). `week` is 1..52, or 53 in long years only. */
export interface IsoWeek {
  readonly year: number;
  readonly week: number;
}

/** 53 for long ISO years (those whose 1 January is a Thursday, or a Wednesday in a leap year), else 52. */
export function weeksInYear(year: number): 52 | 53 {
  // 28 December is always in the last ISO week of its year.
  return isoWeekOf(`${String(year).padStart(4, '0')}-12-28`).week === 53 ? 53 : 52;
}

/** Parses `YYYY-Www` (`2026-W10`); `null` when malformed or when week 53 does not exist that year. */
export function parseIsoWeek(value: unknown): IsoWeek | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-W(\d{2})$/.exec(value);
  if (match === null) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > 53 || (week === 53 && weeksInYear(year) !== 53)) return null;
  return { year, week };
}

export function formatIsoWeek(week: IsoWeek): string {
  return `${String(week.year).padStart(4, '0')}-W${String(week.week).padStart(2, '0')}`;
}

/** The ISO week a day belongs to (the week-year may differ from the calendar year near New Year). */
export function isoWeekOf(day: Day): IsoWeek {
  // The Thursday of the same week decides the week-year.
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const january1 = dayStartMs(`${thursday.slice(0, 4)}-01-01`);
  const dayOfYear = Math.round((dayStartMs(thursday) - january1) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** The ISO week of an instant, in UTC. */
export function isoWeekOfInstant(instant: Date | number): IsoWeek {
  return isoWeekOf(dayOf(instant));
}

/** Monday of a week. */
export function weekMonday(week: IsoWeek): Day {
  // 4 January is always in week 1.
  const january4 = `${String(week.year).padStart(4, '0')}-01-04`;
  const mondayOfWeek1 = addDays(january4, 1 - isoWeekday(january4));
  return addDays(mondayOfWeek1, (week.week - 1) * 7);
}

/** Sunday of a week: the day whose end is the week's value. */
export function weekSunday(week: IsoWeek): Day {
  return addDays(weekMonday(week), 6);
}

/** The week before (W-1), across year ends. */
export function previousWeek(week: IsoWeek): IsoWeek {
  return isoWeekOf(addDays(weekMonday(week), -7));
}

/** The latest week whose Sunday is before `day`: on a Monday, the week that just ended. */
export function lastFullWeekBefore(day: Day): IsoWeek {
  const yesterday = addDays(day, -1);
  const lastSunday = addDays(yesterday, -(isoWeekday(yesterday) % 7));
  return isoWeekOf(lastSunday);
}

/** Whether an instant falls between Monday 00:00 and Sunday 24:00 (UTC) of a week. */
export function isInWeek(instant: string | number | Date, week: IsoWeek): boolean {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return false;
  const start = dayStartMs(weekMonday(week));
  return ms >= start && ms < start + 7 * 86_400_000;
}
