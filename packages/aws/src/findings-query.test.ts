import { describe, expect, it } from 'vitest';
import { archivedSince, findingQueries, incrementalStart, maxUpdatedAt, OPEN_END } from './findings-query.ts';

const now = new Date('2025-03-10T12:00:00.000Z');

describe('findingQueries', () => {
  it('initial mode reads every ACTIVE finding, then ARCHIVED ones updated in the last 7 days', () => {
    expect(findingQueries({ kind: 'initial' }, now)).toEqual([
      { name: 'active', filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] } },
      {
        name: 'archived-recent',
        filters: {
          RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }],
          UpdatedAt: [{ Start: '2025-03-03T12:00:00.000Z', End: OPEN_END }],
        },
      },
    ]);
  });

  it('full mode selects the same findings as initial mode', () => {
    expect(findingQueries({ kind: 'full' }, now)).toEqual(findingQueries({ kind: 'initial' }, now));
  });

  it('honours a different archived lookback', () => {
    const [, archived] = findingQueries({ kind: 'full', archivedLookbackDays: 30 }, now);
    expect(archived?.filters.UpdatedAt).toEqual([{ Start: '2025-02-08T12:00:00.000Z', End: OPEN_END }]);
  });

  it('incremental mode reads findings of any RecordState updated since the cursor minus 15 minutes', () => {
    expect(findingQueries({ kind: 'incremental', cursor: '2025-03-10T06:00:00.000Z' }, now)).toEqual([
      { name: 'updated-since', filters: { UpdatedAt: [{ Start: '2025-03-10T05:45:00.000Z', End: OPEN_END }] } },
    ]);
  });

  it('never filters by product', () => {
    for (const mode of [{ kind: 'initial' as const }, { kind: 'incremental' as const, cursor: now.toISOString() }]) {
      for (const query of findingQueries(mode, now)) {
        expect(Object.keys(query.filters).sort()).not.toContain('ProductArn');
        expect(Object.keys(query.filters).sort()).not.toContain('ProductName');
      }
    }
  });

  it('always bounds a date filter at both ends, since Security Hub rejects a Start alone', () => {
    const all = [
      ...findingQueries({ kind: 'initial' }, now),
      ...findingQueries({ kind: 'incremental', cursor: now.toISOString() }, now),
    ];
    for (const query of all) {
      for (const filter of query.filters.UpdatedAt ?? []) expect(filter).toHaveProperty('End', OPEN_END);
    }
  });
});

describe('incrementalStart', () => {
  it('moves the cursor back by the overlap window', () => {
    expect(incrementalStart('2025-03-10T00:05:00Z')).toBe('2025-03-09T23:50:00.000Z');
    expect(incrementalStart('2025-03-10T00:05:00Z', 60)).toBe('2025-03-09T23:05:00.000Z');
    expect(incrementalStart('2025-03-10T00:05:00Z', 0)).toBe('2025-03-10T00:05:00.000Z');
  });

  it('accepts AWS timestamps with an offset or without milliseconds', () => {
    expect(incrementalStart('2025-03-10T02:20:00+02:00')).toBe('2025-03-10T00:05:00.000Z');
  });

  it('refuses a cursor that is not a timestamp and a negative overlap', () => {
    expect(() => incrementalStart('yesterday')).toThrow(RangeError);
    expect(() => incrementalStart('2025-03-10T00:00:00Z', -1)).toThrow(RangeError);
  });
});

describe('archivedSince', () => {
  it('is the lookback before now', () => {
    expect(archivedSince(now)).toBe('2025-03-03T12:00:00.000Z');
    expect(archivedSince(now, 1)).toBe('2025-03-09T12:00:00.000Z');
  });
});

describe('maxUpdatedAt', () => {
  it('keeps the latest UpdatedAt across pages, comparing instants rather than strings', () => {
    const first = maxUpdatedAt(undefined, [{ UpdatedAt: '2025-03-01T10:00:00Z' }, { UpdatedAt: '2025-03-01T09:00:00Z' }]);
    expect(first).toBe('2025-03-01T10:00:00.000Z');
    // 11:30+02:00 is 09:30Z: earlier, although it sorts later as a string.
    expect(maxUpdatedAt(first, [{ UpdatedAt: '2025-03-01T11:30:00+02:00' }])).toBe(first);
    expect(maxUpdatedAt(first, [{ UpdatedAt: '2025-03-02T00:00:00.123Z' }])).toBe('2025-03-02T00:00:00.123Z');
  });

  it('does not let a finding stamped in the future move the cursor past the clock', () => {
    const clock = new Date('2025-03-10T12:00:00.000Z');
    const page = [{ UpdatedAt: '2025-03-10T11:00:00Z' }, { UpdatedAt: '2031-01-01T00:00:00Z' }, { UpdatedAt: '2025-03-10T12:04:00Z' }];
    expect(maxUpdatedAt(undefined, page, clock)).toBe('2025-03-10T12:04:00.000Z');
    expect(maxUpdatedAt(undefined, page)).toBe('2031-01-01T00:00:00.000Z');
  });

  it('ignores findings without a usable UpdatedAt', () => {
    expect(maxUpdatedAt(undefined, [{}, null, { UpdatedAt: 'soon' }, { UpdatedAt: 42 }])).toBeUndefined();
    expect(maxUpdatedAt('2025-03-01T00:00:00.000Z', [])).toBe('2025-03-01T00:00:00.000Z');
  });
});
