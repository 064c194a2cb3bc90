import { describe, expect, it } from 'vitest';
import { advanceWorld } from './evolve.ts';
import { findingFields } from './fields.ts';
import { generateWorld } from './generate.ts';
import { queryFindings } from './query.ts';
import { TokenCodec } from './tokens.ts';

const codec = new TokenCodec('t');

function walk(w: ReturnType<typeof generateWorld>, sortCriteria: unknown, between?: (page: number) => void): number[] {
  const fields = findingFields(w);
  const out: number[] = [];
  let token: string | undefined;
  let page = 0;
  do {
    const res = queryFindings(w, fields, codec, { region: 0, account: 0, admin: true }, { filters: undefined, sortCriteria, maxResults: 37, nextToken: token });
    out.push(...res.indices);
    token = res.nextToken;
    between?.(page++);
  } while (token);
  return out;
}

describe('queryFindings', () => {
  it('returns every finding of the region exactly once, in UpdatedAt order', () => {
    const w = generateWorld({ seed: 4, accounts: 6 });
    const got = walk(w, [{ Field: 'UpdatedAt', SortOrder: 'asc' }]);
    const expected = Array.from({ length: w.store.size }, (_, i) => i).filter((i) => w.store.region[i] === 0);
    expect([...got].sort((a, b) => a - b)).toEqual(expected);
    for (let k = 1; k < got.length; k++) expect(w.store.updatedAt[got[k]!]! >= w.store.updatedAt[got[k - 1]!]!).toBe(true);
  });

  it('never skips or repeats a finding that did not change while paging, even as others change', () => {
    const w = generateWorld({ seed: 4, accounts: 6 });
    const before = w.store.updatedAt.slice(0, w.store.size);
    const got = walk(w, [{ Field: 'UpdatedAt', SortOrder: 'desc' }], (page) => {
      if (page === 2) advanceWorld(w, { incident: true });
    });
    const unchanged = Array.from({ length: before.length }, (_, i) => i).filter((i) => w.store.region[i] === 0 && w.store.updatedAt[i] === before[i]);
    const counts = new Map<number, number>();
    for (const i of got) counts.set(i, (counts.get(i) ?? 0) + 1);
    for (const i of unchanged) expect(counts.get(i)).toBe(1);
  });

  it('pages a secondary sort too', () => {
    const w = generateWorld({ seed: 4, accounts: 4 });
    const got = walk(w, [{ Field: 'SeverityNormalized', SortOrder: 'desc' }]);
    expect(new Set(got).size).toBe(got.length);
    expect(got.length).toBe(Array.from({ length: w.store.size }, (_, i) => i).filter((i) => w.store.region[i] === 0).length);
  });

  it('rejects a token from another query', () => {
    const w = generateWorld({ seed: 4, accounts: 4 });
    const fields = findingFields(w);
    const scope = { region: 0, account: 0, admin: true };
    const first = queryFindings(w, fields, codec, scope, { filters: undefined, sortCriteria: undefined, maxResults: 5, nextToken: undefined });
    expect(() =>
      queryFindings(w, fields, codec, scope, { filters: { RecordState: [{ Comparison: 'EQUALS', Value: 'ACTIVE' }] }, sortCriteria: undefined, maxResults: 5, nextToken: first.nextToken }),
    ).toThrow(/NextToken/);
  });
});

describe('updatedAt seeking', () => {
  it('returns the same findings with an UpdatedAt window in both orders as a plain filter scan', () => {
    const w = generateWorld({ seed: 8, accounts: 5 });
    advanceWorld(w);
    advanceWorld(w);
    const fields = findingFields(w);
    type Window = Array<{ Start?: string; End?: string; DateRange?: { Value: number; Unit: 'DAYS' } }>;
    const windows: Window[] = [
      [{ Start: '2025-06-03T00:00:00Z' }],
      [{ Start: '2025-05-20T00:00:00Z', End: '2025-05-28T00:00:00Z' }],
      [{ End: '2025-05-10T00:00:00Z' }, { Start: '2025-06-04T05:00:00Z' }],
      [{ DateRange: { Value: 2, Unit: 'DAYS' } }],
    ];
    for (const UpdatedAt of windows) {
      const want = Array.from({ length: w.store.size }, (_, i) => i).filter((i) => w.store.region[i] === 0 && fieldsMatch(i));
      function fieldsMatch(i: number): boolean {
        const t = w.store.updatedAt[i]!;
        return UpdatedAt.some((f) => {
          const lo = f.DateRange ? w.clock.nowMs() - f.DateRange.Value * 86_400_000 : f.Start ? Date.parse(f.Start) : -Infinity;
          const hi = f.End ? Date.parse(f.End) : Infinity;
          return t >= lo && t <= hi;
        });
      }
      for (const SortOrder of ['asc', 'desc']) {
        const got: number[] = [];
        let token: string | undefined;
        do {
          const res = queryFindings(w, fields, codec, { region: 0, account: 0, admin: true }, { filters: { UpdatedAt }, sortCriteria: [{ Field: 'UpdatedAt', SortOrder }], maxResults: 13, nextToken: token });
          got.push(...res.indices);
          token = res.nextToken;
        } while (token);
        expect([...got].sort((a, b) => a - b)).toEqual(want);
      }
    }
  });
});
