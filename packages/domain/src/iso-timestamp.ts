import { daysInMonth } from './days.ts';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Validates an RFC 3339 timestamp as ASFF uses (`2020-03-22T13:22:13.933Z`, offsets allowed) and
 * returns it in UTC as `Date.toISOString()` gives it (milliseconds, `Z`); fractions beyond
 * milliseconds are cut. `null` for anything else, including impossible dates (`2023-02-30T...`).
 */
export function parseIsoTimestamp(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = PATTERN.exec(value);
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (year === undefined || month === undefined || day === undefined) return null;
  if (hour === undefined || minute === undefined || second === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = parseOffset(m[8] ?? 'Z');
  if (offsetMinutes === null) return null;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not.
  const local = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  local.setUTCFullYear(year);
  const utc = local.getTime() - offsetMinutes * 60_000;
  // Year 0 and before: no such year in Postgres (nor in the Gregorian calendar AWS means).
  if (utc < FIRST_INSTANT_MS) return null;
  return new Date(utc).toISOString();
}

/** 0001-01-01T00:00:00Z. */
const FIRST_INSTANT_MS = -62_135_596_800_000;

function parseOffset(offset: string): number | null {
  if (offset === 'Z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
