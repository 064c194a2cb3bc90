// URL search params are the state of every view: a link pasted in chat opens the same view. A codec turns one
// param into a typed value and back; a value equal to the default is written as "absent" to keep URLs short.
import { isIsoDate } from './dates.ts';
import { isIsoWeek } from './iso-week.ts';

export interface ParamCodec<T> {
  parse(raw: string | null): T;
  /** null removes the param from the URL. */
  serialize(value: T): string | null;
}

export function stringParam(fallback = ''): ParamCodec<string> {
  return {
    parse: (raw) => raw ?? fallback,
    serialize: (value) => (value === fallback ? null : value),
  };
}

/** One of a fixed set of strings; anything else in the URL reads as the fallback. */
export function enumParam<const T extends string>(values: readonly T[], fallback: T): ParamCodec<T> {
  return {
    parse: (raw) => (raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : fallback),
    serialize: (value) => (value === fallback ? null : value),
  };
}

/** Like enumParam, for a value that is unset unless chosen (a filter). */
export function optionalEnumParam<const T extends string>(values: readonly T[]): ParamCodec<T | null> {
  return {
    parse: (raw) => (raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : null),
    serialize: (value) => value,
  };
}

export function numberEnumParam<const T extends number>(values: readonly T[], fallback: T): ParamCodec<T> {
  return {
    parse: (raw) => {
      const n = raw === null ? NaN : Number(raw);
      return (values as readonly number[]).includes(n) ? (n as T) : fallback;
    },
    serialize: (value) => (value === fallback ? null : String(value)),
  };
}

export function booleanParam(fallback: boolean): ParamCodec<boolean> {
  return {
    parse: (raw) => (raw === 'true' ? true : raw === 'false' ? false : fallback),
    serialize: (value) => (value === fallback ? null : String(value)),
  };
}

/** `YYYY-MM-DD`, or null (absent or invalid): "today" to the API. */
export const dateParam: ParamCodec<string | null> = {
  parse: (raw) => (raw !== null && isIsoDate(raw) ? raw : null),
  serialize: (value) => value,
};

/** `YYYY-Www`, or null (absent or invalid): the page's default week. */
export const weekParam: ParamCodec<string | null> = {
  parse: (raw) => (raw !== null && isIsoWeek(raw) ? raw : null),
  serialize: (value) => value,
};

/** Comma-separated values, `?severity=CRITICAL,HIGH`; unknown values are dropped, order follows `values`. */
export function listParam<const T extends string>(values: readonly T[]): ParamCodec<T[]> {
  return {
    parse: (raw) => {
      if (raw === null || raw === '') return [];
      const picked = new Set(raw.split(','));
      return values.filter((v) => picked.has(v));
    },
    serialize: (value) => {
      const picked = new Set(value);
      const ordered = values.filter((v) => picked.has(v));
      return ordered.length === 0 ? null : ordered.join(',');
    },
  };
}

export interface Sort<K extends string> {
  key: K;
  desc: boolean;
}

/** `?sort=iam` ascending, `?sort=-iam` descending. */
export function sortParam<const K extends string>(keys: readonly K[], fallback: Sort<K>): ParamCodec<Sort<K>> {
  return {
    parse: (raw) => {
      if (raw === null) return fallback;
      const desc = raw.startsWith('-');
      const key = desc ? raw.slice(1) : raw;
      return (keys as readonly string[]).includes(key) ? { key: key as K, desc } : fallback;
    },
    serialize: (value) =>
      value.key === fallback.key && value.desc === fallback.desc ? null : `${value.desc ? '-' : ''}${value.key}`,
  };
}

/** A copy of `current` with each update applied: a string sets the param, null removes it. */
export function updateSearch(current: URLSearchParams, updates: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [name, value] of Object.entries(updates)) {
    if (value === null) next.delete(name);
    else next.set(name, value);
  }
  return next;
}

/** A path with only the named params of `current` carried over (the "as of" date follows every tab). */
export function withCarriedParams(path: string, current: URLSearchParams, names: readonly string[]): string {
  const carried = new URLSearchParams();
  for (const name of names) {
    const value = current.get(name);
    if (value !== null) carried.set(name, value);
  }
  const text = carried.toString();
  if (text === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

/** The params every page keeps when moving between tabs. */
export const GLOBAL_PARAMS = ['date'] as const;
