// Calendar days as `YYYY-MM-DD` strings in UTC, the API's unit of time. Arithmetic goes through
// Date.UTC so that no local time zone or daylight-saving change can shift a day.

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = DATE_RE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === value;
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function todayUtc(now: Date = new Date()): string {
  return toIsoDate(now);
}

/** Milliseconds at 00:00 UTC of a valid `YYYY-MM-DD`. */
export function dayStart(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function addDays(isoDate: string, days: number): string {
  return toIsoDate(new Date(dayStart(isoDate) + days * DAY_MS));
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(isoDate: string): number {
  const day = new Date(dayStart(isoDate)).getUTCDay();
  return day === 0 ? 7 : day;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "Mon 16 Nov": fixed English names, independent of the browser's locale like the rest of the UI. */
export function formatDayShort(isoDate: string): string {
  const date = new Date(dayStart(isoDate));
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/** "16 Nov" for chart ticks. */
export function formatDayTick(isoDate: string): string {
  const date = new Date(dayStart(isoDate));
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/** "2026-11-22 14:05 UTC" for timestamps. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

/**
 * What a typed "as of" day means for the URL: null for today (the default, left out of the URL), the day
 * itself for a past day, undefined for anything that is not a valid day up to today.
 */
export function asOfParamValue(input: string, today: string): string | null | undefined {
  const value = input.trim();
  if (!isIsoDate(value) || value > today) return undefined;
  return value === today ? null : value;
}
