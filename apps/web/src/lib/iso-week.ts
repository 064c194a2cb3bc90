// ISO 8601 weeks (Monday to Sunday, UTC), written `YYYY-Www` as the API and <input type="week"> do.
import { addDays, dayStart, formatDayShort, isoWeekday } from './dates.ts';

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

export interface IsoWeek {
  year: number;
  week: number;
}

/** Number of ISO weeks in a year: 53 when 28 December falls in week 53, else 52. */
export function weeksInYear(year: number): number {
  return isoWeekOfDate(`${String(year).padStart(4, '0')}-12-28`).week;
}

export function formatWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

export function parseWeek(value: string): IsoWeek | null {
  const match = WEEK_RE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

export function isIsoWeek(value: string): boolean {
  return parseWeek(value) !== null;
}

function isoWeekOfDate(isoDate: string): IsoWeek {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(isoDate, 4 - isoWeekday(isoDate));
  const year = Number(thursday.slice(0, 4));
  const jan1 = dayStart(`${thursday.slice(0, 4)}-01-01`);
  const week = Math.floor((dayStart(thursday) - jan1) / 86_400_000 / 7) + 1;
  return { year, week };
}

/** The ISO week (`YYYY-Www`) that contains a day. */
export function weekOf(isoDate: string): string {
  return formatWeek(isoWeekOfDate(isoDate));
}

/** Monday and Sunday of a week. */
export function weekBounds(week: string): { from: string; to: string } {
  const parsed = parseWeek(week);
  if (!parsed) throw new RangeError(`not an ISO week: ${week}`);
  // 4 January is always in week 1.
  const jan4 = `${String(parsed.year).padStart(4, '0')}-01-04`;
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  const from = addDays(week1Monday, (parsed.week - 1) * 7);
  return { from, to: addDays(from, 6) };
}

export function addWeeks(week: string, weeks: number): string {
  return weekOf(addDays(weekBounds(week).from, weeks * 7));
}

/** The last week that has ended by `today`: the week before today's (the current week is never full). */
export function lastFullWeek(today: string): string {
  return addWeeks(weekOf(today), -1);
}

export function compareWeeks(a: string, b: string): number {
  return dayStart(weekBounds(a).from) - dayStart(weekBounds(b).from);
}

/** "Mon 16 Nov – Sun 22 Nov". */
export function formatWeekRange(week: string): string {
  const { from, to } = weekBounds(week);
  return `${formatDayShort(from)} – ${formatDayShort(to)}`;
}
