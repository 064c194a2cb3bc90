import { describe, expect, it } from 'vitest';
import {
  booleanParam,
  dateParam,
  enumParam,
  listParam,
  numberEnumParam,
  optionalEnumParam,
  sortParam,
  stringParam,
  updateSearch,
  weekParam,
  withCarriedParams,
} from './search-params.ts';

describe('URL param codecs', () => {
  it('reads an absent or unknown enum value as its default and writes the default as absent', () => {
    const interval = enumParam(['day', 'week'], 'day');
    expect(interval.parse(null)).toBe('day');
    expect(interval.parse('month')).toBe('day');
    expect(interval.parse('week')).toBe('week');
    expect(interval.serialize('day')).toBeNull();
    expect(interval.serialize('week')).toBe('week');
  });

  it('reads an optional enum as null unless it holds a known value', () => {
    const domain = optionalEnumParam(['iam', 'detective']);
    expect(domain.parse('iam')).toBe('iam');
    expect(domain.parse('IAM')).toBeNull();
    expect(domain.serialize(null)).toBeNull();
  });

  it('accepts only the listed ranges of days', () => {
    const range = numberEnumParam([30, 90, 365], 90);
    expect(range.parse('30')).toBe(30);
    expect(range.parse('31')).toBe(90);
    expect(range.parse('abc')).toBe(90);
    expect(range.serialize(90)).toBeNull();
    expect(range.serialize(365)).toBe('365');
  });

  it('reads booleans from true/false only', () => {
    const open = booleanParam(true);
    expect(open.parse('false')).toBe(false);
    expect(open.parse('0')).toBe(true);
    expect(open.serialize(true)).toBeNull();
  });

  it('keeps a text param verbatim and drops it when empty', () => {
    const q = stringParam();
    expect(q.parse('prod payments')).toBe('prod payments');
    expect(q.parse(null)).toBe('');
    expect(q.serialize('')).toBeNull();
  });

  it('accepts only real calendar days as dates', () => {
    expect(dateParam.parse('2026-11-22')).toBe('2026-11-22');
    expect(dateParam.parse('2026-02-30')).toBeNull();
    expect(dateParam.parse('22/11/2026')).toBeNull();
  });

  it('accepts only existing ISO weeks', () => {
    expect(weekParam.parse('2026-W47')).toBe('2026-W47');
    expect(weekParam.parse('2025-W53')).toBeNull();
    expect(weekParam.parse('2020-W53')).toBe('2020-W53');
    expect(weekParam.parse('2026-47')).toBeNull();
  });

  it('reads a comma-separated list in its canonical order, dropping unknown values', () => {
    const severity = listParam(['CRITICAL', 'HIGH', 'LOW']);
    expect(severity.parse('LOW,CRITICAL,BOGUS')).toEqual(['CRITICAL', 'LOW']);
    expect(severity.parse('')).toEqual([]);
    expect(severity.serialize(['LOW', 'CRITICAL', 'LOW'])).toBe('CRITICAL,LOW');
    expect(severity.serialize([])).toBeNull();
  });

  it('reads a leading minus as a descending sort', () => {
    const sort = sortParam(['name', 'iam'], { key: 'name', desc: false });
    expect(sort.parse('-iam')).toEqual({ key: 'iam', desc: true });
    expect(sort.parse('iam')).toEqual({ key: 'iam', desc: false });
    expect(sort.parse('-nope')).toEqual({ key: 'name', desc: false });
    expect(sort.serialize({ key: 'name', desc: false })).toBeNull();
    expect(sort.serialize({ key: 'iam', desc: true })).toBe('-iam');
  });
});

describe('updateSearch', () => {
  it('sets and removes params without touching the others or the input', () => {
    const current = new URLSearchParams('date=2026-11-01&q=prod&sort=-iam');
    const next = updateSearch(current, { q: null, sort: 'name', range: '30' });
    expect(next.toString()).toBe('date=2026-11-01&sort=name&range=30');
    expect(current.toString()).toBe('date=2026-11-01&q=prod&sort=-iam');
  });
});

describe('withCarriedParams', () => {
  it('carries the named params only', () => {
    const current = new URLSearchParams('date=2026-11-01&q=prod');
    expect(withCarriedParams('/accounts', current, ['date'])).toBe('/accounts?date=2026-11-01');
  });

  it('appends to a path that already has params', () => {
    const current = new URLSearchParams('date=2026-11-01');
    expect(withCarriedParams('/accounts?sort=iam', current, ['date'])).toBe('/accounts?sort=iam&date=2026-11-01');
  });

  it('leaves the path alone when there is nothing to carry', () => {
    expect(withCarriedParams('/', new URLSearchParams(''), ['date'])).toBe('/');
  });
});
