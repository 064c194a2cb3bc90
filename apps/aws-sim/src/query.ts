import type { FieldTable, Predicate, SortKey } from './filters.ts';
import { FilterError, compileFilters, parseSort } from './filters.ts';
import type { TokenCodec } from './tokens.ts';
import { queryHash } from './tokens.ts';
import type { World } from './world.ts';

/** Who asks: GetFindings sees the findings of its region, all accounts for the administrator, else its own. */
export interface FindingsScope {
  readonly region: number;
  readonly account: number;
  readonly admin: boolean;
}

export interface FindingsQuery {
  readonly filters: unknown;
  readonly sortCriteria: unknown;
  readonly maxResults: number;
  readonly nextToken: string | undefined;
}

export interface FindingsPage {
  readonly indices: number[];
  readonly nextToken: string | undefined;
}

type SortValue = string | number | null;
interface TokenPayload {
  v: 1;
  q: string;
  r: number;
  a: number;
  k: SortValue[];
}

function isPayload(x: unknown): x is TokenPayload {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<TokenPayload>;
  return t.v === 1 && typeof t.q === 'string' && typeof t.r === 'number' && typeof t.a === 'number' && Array.isArray(t.k) && t.k.length > 0;
}

/**
 * One GetFindings page with keyset pagination: the token holds the last returned sort key, so a page
 * continues strictly after it whatever changed meanwhile. Findings that did not change are never skipped
 * nor repeated; a finding updated during the walk moves to its new place, as in AWS.
 */
export function queryFindings(world: World, fields: FieldTable<number>, codec: TokenCodec, scope: FindingsScope, q: FindingsQuery): FindingsPage {
  const pred = compileFilters(q.filters, fields, world.clock.nowMs());
  const sort = parseSort(q.sortCriteria, fields);
  const hash = queryHash({ f: q.filters ?? null, s: q.sortCriteria ?? null });
  let cursor: SortValue[] | undefined;
  if (q.nextToken !== undefined) {
    const t = codec.decode(q.nextToken);
    if (!isPayload(t) || t.q !== hash || t.r !== scope.region || t.a !== scope.account) {
      throw new FilterError('The NextToken provided is invalid or does not belong to this query.');
    }
    cursor = t.k;
  }
  const visible: Predicate<number> = (i) => !world.store.isRemoved(i) && (scope.admin || world.store.account[i] === scope.account) && pred(i);
  const first = sort[0];
  const byUpdatedAt = sort.length === 0 || (sort.length === 1 && first?.field === 'UpdatedAt');
  const page = byUpdatedAt
    ? byTimeIndex(world, scope.region, first?.order ?? 'desc', visible, q.maxResults, cursor, updatedAtBounds(q.filters, world.clock.nowMs()))
    : bySort(world, fields, scope.region, sort, visible, q.maxResults, cursor);
  const nextToken = page.next ? codec.encode({ v: 1, q: hash, r: scope.region, a: scope.account, k: page.next } satisfies TokenPayload) : undefined;
  return { indices: page.indices, nextToken };
}

/**
 * The span of UpdatedAt that `Filters.UpdatedAt` allows (the union of its OR'd ranges), so an incremental
 * query seeks straight to its window instead of scanning the region. The filter itself still decides.
 */
export function updatedAtBounds(filters: unknown, nowMs: number): [number, number] {
  const list = typeof filters === 'object' && filters !== null ? (filters as Record<string, unknown>).UpdatedAt : undefined;
  if (!Array.isArray(list) || list.length === 0) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const f of list as Array<Record<string, unknown>>) {
    const range = f.DateRange as { Value?: unknown } | undefined;
    const start = typeof f.Start === 'string' ? Date.parse(f.Start) : range && typeof range.Value === 'number' ? nowMs - range.Value * 86_400_000 : Number.NEGATIVE_INFINITY;
    const end = typeof f.End === 'string' ? Date.parse(f.End) : Number.POSITIVE_INFINITY;
    if (Number.isNaN(start) || Number.isNaN(end)) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    lo = Math.min(lo, start);
    hi = Math.max(hi, end);
  }
  return [lo, hi];
}

function byTimeIndex(world: World, region: number, order: 'asc' | 'desc', visible: Predicate<number>, limit: number, cursor: SortValue[] | undefined, bounds: [number, number]) {
  const ti = world.indexes[region];
  const out: number[] = [];
  if (!ti) return { indices: out, next: undefined };
  const current = world.store.updatedAt;
  if (cursor && (typeof cursor[0] !== 'number' || typeof cursor[1] !== 'number')) throw new FilterError('The NextToken provided is invalid.');
  const cts = cursor?.[0] as number | undefined;
  const cidx = cursor?.[1] as number | undefined;
  const step = order === 'asc' ? 1 : -1;
  const [lo, hi] = bounds;
  let p: number;
  let stop: number;
  if (order === 'asc') {
    p = Math.max(cts === undefined ? 0 : ti.firstAfter(cts, cidx ?? 0), lo === Number.NEGATIVE_INFINITY ? 0 : ti.firstAfter(lo, -1));
    stop = hi === Number.POSITIVE_INFINITY ? ti.length : ti.lastBefore(hi, Number.MAX_SAFE_INTEGER) + 1;
  } else {
    p = Math.min(cts === undefined ? ti.length - 1 : ti.lastBefore(cts, cidx ?? 0), hi === Number.POSITIVE_INFINITY ? ti.length - 1 : ti.lastBefore(hi, Number.MAX_SAFE_INTEGER));
    stop = lo === Number.NEGATIVE_INFINITY ? -1 : ti.firstAfter(lo, -1) - 1;
  }
  let more = false;
  for (; order === 'asc' ? p < stop : p > stop; p += step) {
    if (!ti.isLive(p, current)) continue;
    const i = ti.indexAt(p);
    if (!visible(i)) continue;
    if (out.length === limit) {
      more = true;
      break;
    }
    out.push(i);
  }
  const last = out[out.length - 1];
  return { indices: out, next: more && last !== undefined ? [current[last] ?? 0, last] : undefined };
}

function bySort(world: World, fields: FieldTable<number>, region: number, sort: readonly SortKey[], visible: Predicate<number>, limit: number, cursor: SortValue[] | undefined) {
  const ti = world.indexes[region];
  if (!ti) return { indices: [], next: undefined };
  const keyOf = (i: number): SortValue[] => [
    ...sort.map((k): SortValue => {
      const get = fields[k.kind][k.field];
      const v = get ? get(i) : undefined;
      if (Array.isArray(v)) return (v[0] as string | undefined) ?? null;
      return (v as string | number | undefined) ?? null;
    }),
    i,
  ];
  const cmp = (a: SortValue[], b: SortValue[]): number => {
    for (let n = 0; n < a.length; n++) {
      const x = a[n] ?? null;
      const y = b[n] ?? null;
      if (x === y) continue;
      const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return n < sort.length && sort[n]?.order === 'desc' ? -c : c;
    }
    return 0;
  };
  const items: Array<{ i: number; key: SortValue[] }> = [];
  for (let p = 0; p < ti.length; p++) {
    if (!ti.isLive(p, world.store.updatedAt)) continue;
    const i = ti.indexAt(p);
    if (visible(i)) items.push({ i, key: keyOf(i) });
  }
  items.sort((a, b) => cmp(a.key, b.key));
  if (cursor && cursor.length !== sort.length + 1) throw new FilterError('The NextToken provided is invalid.');
  let start = 0;
  if (cursor) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(items[mid]?.key ?? [], cursor) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const slice = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { indices: slice.map((x) => x.i), next: more ? slice[slice.length - 1]?.key : undefined };
}
