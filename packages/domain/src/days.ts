/** A UTC calendar day as `YYYY-MM-DD`. Functions here only return valid days. */
export type Day = string;

const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Validates `YYYY-MM-DD` (a real calendar day: `2026-02-30` is refused); `null` when invalid. */
export function parseDay(value: unknown): Day | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return value;
}

/** UTC midnight of a day, in epoch milliseconds. */
export function dayStartMs(day: Day): number {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not.
  const instant = new Date(Date.UTC(2000, month - 1, date));
  instant.setUTCFullYear(year);
  return instant.getTime();
}

/** The UTC day an instant falls on. */
export function dayOf(instant: Date | number): Day {
  return new Date(instant).toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative goes back). */
export function addDays(day: Day, days: number): Day {
  return dayOf(dayStartMs(day) + days * MS_PER_DAY);
}

/** ISO day of the week: Monday 1 ... Sunday 7. */
export function isoWeekday(day: Day): number {
  const weekday = new Date(dayStartMs(day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}
