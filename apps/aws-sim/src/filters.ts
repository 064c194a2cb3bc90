/**
 * GetFindings filter semantics, as the Security Hub API reference states them (pure; items are any T):
 * - StringFilter: EQUALS, PREFIX and CONTAINS on one field are OR'd; NOT_EQUALS, PREFIX_NOT_EQUALS and
 *   NOT_CONTAINS are AND'd; PREFIX filters combine with the negative ones (positives first, then exclusions).
 *   CONTAINS only with CONTAINS, NOT_CONTAINS only with NOT_CONTAINS, EQUALS never with a negative filter on
 *   the same field: such combinations are rejected.
 * - Fields are AND'd. Several DateFilters or NumberFilters on one field are OR'd.
 * - A field the finding lacks matches no positive filter and every negative one.
 */
export class FilterError extends Error {}

export type FieldValue = string | readonly string[] | undefined;

export interface FieldTable<T> {
  readonly string: Readonly<Record<string, (item: T) => FieldValue>>;
  readonly date: Readonly<Record<string, (item: T) => number | undefined>>;
  readonly number: Readonly<Record<string, (item: T) => number | undefined>>;
  readonly map: Readonly<Record<string, (item: T) => Readonly<Record<string, string>> | undefined>>;
}

export type Predicate<T> = (item: T) => boolean;

const DAY_MS = 86_400_000;
const POSITIVE = new Set(['EQUALS', 'PREFIX', 'CONTAINS']);
const BASE: Readonly<Record<string, string>> = {
  EQUALS: 'EQUALS',
  PREFIX: 'PREFIX',
  CONTAINS: 'CONTAINS',
  NOT_EQUALS: 'EQUALS',
  PREFIX_NOT_EQUALS: 'PREFIX',
  NOT_CONTAINS: 'CONTAINS',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function test(value: string, base: string, wanted: string): boolean {
  if (base === 'EQUALS') return value === wanted;
  if (base === 'PREFIX') return value.startsWith(wanted);
  return value.includes(wanted);
}

function values(v: FieldValue): readonly string[] {
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

interface Cond {
  base: string;
  value: string;
}

function compileString<T>(field: string, get: (item: T) => FieldValue, list: readonly unknown[]): Predicate<T> {
  const pos: Cond[] = [];
  const neg: Cond[] = [];
  const seen = new Set<string>();
  for (const f of list) {
    if (!isObject(f) || typeof f.Value !== 'string' || typeof f.Comparison !== 'string' || !(f.Comparison in BASE)) {
      throw new FilterError(`Invalid StringFilter for ${field}: Value and a Comparison of ${Object.keys(BASE).join(', ')} are required`);
    }
    seen.add(f.Comparison);
    (POSITIVE.has(f.Comparison) ? pos : neg).push({ base: BASE[f.Comparison] ?? 'EQUALS', value: f.Value });
  }
  const has = (c: string): boolean => seen.has(c);
  if (has('CONTAINS') && has('NOT_CONTAINS')) throw new FilterError(`${field}: CONTAINS and NOT_CONTAINS cannot be combined on the same field`);
  if (has('EQUALS') && (has('NOT_EQUALS') || has('PREFIX_NOT_EQUALS'))) {
    throw new FilterError(`${field}: EQUALS cannot be combined with NOT_EQUALS or PREFIX_NOT_EQUALS on the same field`);
  }
  if ((has('CONTAINS') && seen.size > 1) || (has('NOT_CONTAINS') && seen.size > 1)) {
    throw new FilterError(`${field}: CONTAINS and NOT_CONTAINS filters can only be combined with filters of the same comparison`);
  }
  return (item) => {
    const vs = values(get(item));
    if (pos.length > 0 && !vs.some((v) => pos.some((c) => test(v, c.base, c.value)))) return false;
    return neg.every((c) => !vs.some((v) => test(v, c.base, c.value)));
  };
}

function parseDate(field: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw new FilterError(`${field}: invalid date ${JSON.stringify(v)}`);
  return ms;
}

function compileDate<T>(field: string, get: (item: T) => number | undefined, list: readonly unknown[], nowMs: number): Predicate<T> {
  const ranges = list.map((f): [number, number] => {
    if (!isObject(f)) throw new FilterError(`${field}: invalid DateFilter`);
    const start = parseDate(field, f.Start);
    const end = parseDate(field, f.End);
    if (f.DateRange !== undefined) {
      const dr = f.DateRange;
      if (start !== undefined || end !== undefined) throw new FilterError(`${field}: use either Start and End or DateRange, not both`);
      if (!isObject(dr) || dr.Unit !== 'DAYS' || typeof dr.Value !== 'number' || !Number.isInteger(dr.Value) || dr.Value < 0) {
        throw new FilterError(`${field}: DateRange needs an integer Value and Unit DAYS`);
      }
      return [nowMs - dr.Value * DAY_MS, Number.POSITIVE_INFINITY];
    }
    if (start === undefined && end === undefined) throw new FilterError(`${field}: a DateFilter needs Start, End or DateRange`);
    return [start ?? Number.NEGATIVE_INFINITY, end ?? Number.POSITIVE_INFINITY];
  });
  return (item) => {
    const t = get(item);
    return t !== undefined && ranges.some(([a, b]) => t >= a && t <= b);
  };
}

function compileNumber<T>(field: string, get: (item: T) => number | undefined, list: readonly unknown[]): Predicate<T> {
  const keys = ['Gte', 'Lte', 'Eq', 'Gt', 'Lt'] as const;
  const conds = list.map((f) => {
    if (!isObject(f) || !keys.some((k) => typeof f[k] === 'number')) throw new FilterError(`${field}: a NumberFilter needs Gte, Lte, Eq, Gt or Lt`);
    return f;
  });
  return (item) => {
    const n = get(item);
    if (n === undefined) return false;
    return conds.some(
      (c) =>
        (typeof c.Gte !== 'number' || n >= c.Gte) &&
        (typeof c.Lte !== 'number' || n <= c.Lte) &&
        (typeof c.Eq !== 'number' || n === c.Eq) &&
        (typeof c.Gt !== 'number' || n > c.Gt) &&
        (typeof c.Lt !== 'number' || n < c.Lt),
    );
  };
}

function compileMap<T>(field: string, get: (item: T) => Readonly<Record<string, string>> | undefined, list: readonly unknown[]): Predicate<T> {
  const byKey = new Map<string, unknown[]>();
  for (const f of list) {
    if (!isObject(f) || typeof f.Key !== 'string' || typeof f.Value !== 'string' || !['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS'].includes(String(f.Comparison))) {
      throw new FilterError(`${field}: a MapFilter needs Key, Value and a Comparison of EQUALS, NOT_EQUALS, CONTAINS or NOT_CONTAINS`);
    }
    byKey.set(f.Key, [...(byKey.get(f.Key) ?? []), { Value: f.Value, Comparison: f.Comparison }]);
  }
  const preds = [...byKey].map(([key, fs]) => compileString<T>(`${field}.${key}`, (item) => get(item)?.[key], fs));
  return (item) => preds.every((p) => p(item));
}

/** Compiles the `Filters` of a GetFindings request; throws FilterError for anything AWS would reject. */
export function compileFilters<T>(filters: unknown, table: FieldTable<T>, nowMs: number): Predicate<T> {
  if (filters === undefined || filters === null) return () => true;
  if (!isObject(filters)) throw new FilterError('Filters must be an object');
  const preds: Predicate<T>[] = [];
  for (const [field, list] of Object.entries(filters)) {
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new FilterError(`Filters.${field} must be a list`);
    if (list.length === 0) continue;
    const s = table.string[field];
    const d = table.date[field];
    const n = table.number[field];
    const m = table.map[field];
    if (s) preds.push(compileString(field, s, list));
    else if (d) preds.push(compileDate(field, d, list, nowMs));
    else if (n) preds.push(compileNumber(field, n, list));
    else if (m) preds.push(compileMap(field, m, list));
    else throw new FilterError(`Filter field ${field} is not supported`);
  }
  return (item) => preds.every((p) => p(item));
}

export interface SortKey {
  readonly field: string;
  readonly order: 'asc' | 'desc';
  readonly kind: 'string' | 'date' | 'number';
}

/** Validates `SortCriteria`; every criterion must name a known field and an order of asc or desc. */
export function parseSort<T>(criteria: unknown, table: FieldTable<T>): SortKey[] {
  if (criteria === undefined || criteria === null) return [];
  if (!Array.isArray(criteria)) throw new FilterError('SortCriteria must be a list');
  return criteria.map((c) => {
    if (!isObject(c) || typeof c.Field !== 'string') throw new FilterError('SortCriteria entries need a Field');
    const order = c.SortOrder ?? 'asc';
    if (order !== 'asc' && order !== 'desc') throw new FilterError(`SortOrder must be asc or desc`);
    const kind = table.date[c.Field] ? 'date' : table.number[c.Field] ? 'number' : table.string[c.Field] ? 'string' : undefined;
    if (!kind) throw new FilterError(`Cannot sort by ${c.Field}`);
    return { field: c.Field, order, kind };
  });
}

/** Account ids a filter names with EQUALS in `AwsAccountId` (used to refuse requests aimed at a denied account). */
export function equalsValues(filters: unknown, field: string): string[] {
  if (!isObject(filters)) return [];
  const list = filters[field];
  if (!Array.isArray(list)) return [];
  return list.flatMap((f) => (isObject(f) && f.Comparison === 'EQUALS' && typeof f.Value === 'string' ? [f.Value] : []));
}
