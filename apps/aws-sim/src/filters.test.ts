import { describe, expect, it } from 'vitest';
import type { FieldTable } from './filters.ts';
import { FilterError, compileFilters, equalsValues, parseSort } from './filters.ts';

interface Item {
  account: string;
  region?: string;
  title: string;
  types: string[];
  updated: number;
  severity: number;
  fields: Record<string, string>;
}

const table: FieldTable<Item> = {
  string: { AwsAccountId: (x) => x.account, Region: (x) => x.region, Title: (x) => x.title, Type: (x) => x.types },
  date: { UpdatedAt: (x) => x.updated },
  number: { SeverityNormalized: (x) => x.severity },
  map: { ProductFields: (x) => x.fields },
};

const t = (iso: string): number => Date.parse(iso);
const items: Item[] = [
  { account: '111111111111', region: 'us-east-1', title: 'CloudFront logging', types: ['A/B'], updated: t('2025-06-01T00:00:00Z'), severity: 40, fields: { ControlId: 'IAM.1' } },
  { account: '222222222222', region: 'us-west-2', title: 'CloudWatch alarm', types: ['A/C', 'X'], updated: t('2025-06-05T00:00:00Z'), severity: 70, fields: {} },
  { account: '333333333333', title: 'S3 bucket', types: [], updated: t('2025-06-10T00:00:00Z'), severity: 90, fields: { ControlId: 'S3.1' } },
];
const NOW = t('2025-06-10T12:00:00Z');
const run = (filters: unknown): string[] => items.filter(compileFilters(filters, table, NOW)).map((x) => x.account);
const s = (Comparison: string, Value: string) => ({ Comparison, Value });

describe('string filters', () => {
  it('ORs positive comparisons on one field', () => {
    expect(run({ AwsAccountId: [s('EQUALS', '111111111111'), s('EQUALS', '333333333333')] })).toEqual(['111111111111', '333333333333']);
    expect(run({ Title: [s('CONTAINS', 'Front'), s('CONTAINS', 'Watch')] })).toEqual(['111111111111', '222222222222']);
  });

  it('ANDs negative comparisons on one field', () => {
    expect(run({ AwsAccountId: [s('NOT_EQUALS', '111111111111'), s('NOT_EQUALS', '333333333333')] })).toEqual(['222222222222']);
    expect(run({ Title: [s('NOT_CONTAINS', 'Cloud'), s('NOT_CONTAINS', 'S3')] })).toEqual([]);
  });

  it('applies PREFIX first, then NOT_EQUALS and PREFIX_NOT_EQUALS exclusions', () => {
    expect(run({ Region: [s('PREFIX', 'us-'), s('NOT_EQUALS', 'us-east-1')] })).toEqual(['222222222222']);
    expect(run({ Region: [s('PREFIX', 'us-'), s('PREFIX_NOT_EQUALS', 'us-west')] })).toEqual(['111111111111']);
  });

  it('ANDs different fields', () => {
    expect(run({ Region: [s('PREFIX', 'us-')], Title: [s('PREFIX', 'CloudW')] })).toEqual(['222222222222']);
  });

  it('treats a missing field as matching no positive and every negative filter', () => {
    expect(run({ Region: [s('PREFIX', 'us')] })).toEqual(['111111111111', '222222222222']);
    expect(run({ Region: [s('NOT_EQUALS', 'us-east-1')] })).toEqual(['222222222222', '333333333333']);
  });

  it('matches multi-valued fields on any value, and excludes on any value', () => {
    expect(run({ Type: [s('EQUALS', 'X')] })).toEqual(['222222222222']);
    expect(run({ Type: [s('PREFIX_NOT_EQUALS', 'A/')] })).toEqual(['333333333333']);
  });

  it('rejects combinations AWS rejects', () => {
    expect(() => run({ Title: [s('CONTAINS', 'a'), s('NOT_CONTAINS', 'b')] })).toThrow(FilterError);
    expect(() => run({ Title: [s('EQUALS', 'a'), s('NOT_EQUALS', 'b')] })).toThrow(FilterError);
    expect(() => run({ Title: [s('EQUALS', 'a'), s('PREFIX_NOT_EQUALS', 'b')] })).toThrow(FilterError);
    expect(() => run({ Title: [s('CONTAINS', 'a'), s('EQUALS', 'b')] })).toThrow(FilterError);
    expect(() => run({ Title: [s('NOT_CONTAINS', 'a'), s('NOT_EQUALS', 'b')] })).toThrow(FilterError);
    expect(() => run({ Title: [s('LIKE', 'a')] })).toThrow(FilterError);
    expect(() => run({ Title: [{ Value: 'a' }] })).toThrow(FilterError);
  });

  it('rejects fields it does not know rather than ignoring them', () => {
    expect(() => run({ NoSuchField: [s('EQUALS', 'a')] })).toThrow(/not supported/);
  });

  it('ignores empty filter lists', () => {
    expect(run({ AwsAccountId: [] })).toHaveLength(3);
  });
});

describe('date filters', () => {
  it('keeps Start <= t <= End, either bound optional', () => {
    expect(run({ UpdatedAt: [{ Start: '2025-06-05T00:00:00Z', End: '2025-06-10T00:00:00Z' }] })).toEqual(['222222222222', '333333333333']);
    expect(run({ UpdatedAt: [{ Start: '2025-06-06T00:00:00Z' }] })).toEqual(['333333333333']);
    expect(run({ UpdatedAt: [{ End: '2025-06-01T00:00:00.000Z' }] })).toEqual(['111111111111']);
  });

  it('counts DateRange DAYS back from the simulated now', () => {
    expect(run({ UpdatedAt: [{ DateRange: { Value: 6, Unit: 'DAYS' } }] })).toEqual(['222222222222', '333333333333']);
    expect(run({ UpdatedAt: [{ DateRange: { Value: 1, Unit: 'DAYS' } }] })).toEqual(['333333333333']);
  });

  it('ORs several date filters on one field', () => {
    expect(run({ UpdatedAt: [{ End: '2025-06-02T00:00:00Z' }, { Start: '2025-06-09T00:00:00Z' }] })).toEqual(['111111111111', '333333333333']);
  });

  it('rejects bad dates and units', () => {
    expect(() => run({ UpdatedAt: [{ Start: 'yesterday' }] })).toThrow(FilterError);
    expect(() => run({ UpdatedAt: [{ DateRange: { Value: 1, Unit: 'HOURS' } }] })).toThrow(FilterError);
    expect(() => run({ UpdatedAt: [{ DateRange: { Value: 1, Unit: 'DAYS' }, Start: '2025-06-01T00:00:00Z' }] })).toThrow(FilterError);
    expect(() => run({ UpdatedAt: [{}] })).toThrow(FilterError);
  });
});

describe('number and map filters', () => {
  it('requires every bound of a number filter', () => {
    expect(run({ SeverityNormalized: [{ Gte: 40, Lt: 90 }] })).toEqual(['111111111111', '222222222222']);
    expect(run({ SeverityNormalized: [{ Eq: 90 }] })).toEqual(['333333333333']);
  });

  it('filters map entries by key', () => {
    expect(run({ ProductFields: [{ Key: 'ControlId', Value: 'IAM.1', Comparison: 'EQUALS' }] })).toEqual(['111111111111']);
    expect(run({ ProductFields: [{ Key: 'ControlId', Value: 'IAM.1', Comparison: 'NOT_EQUALS' }] })).toEqual(['222222222222', '333333333333']);
  });
});

describe('parseSort and equalsValues', () => {
  it('accepts known fields with asc or desc', () => {
    expect(parseSort([{ Field: 'UpdatedAt', SortOrder: 'desc' }], table)).toEqual([{ field: 'UpdatedAt', order: 'desc', kind: 'date' }]);
    expect(() => parseSort([{ Field: 'UpdatedAt', SortOrder: 'DESC' }], table)).toThrow(FilterError);
    expect(() => parseSort([{ Field: 'Nope' }], table)).toThrow(FilterError);
  });

  it('lists the values named with EQUALS', () => {
    expect(equalsValues({ AwsAccountId: [s('EQUALS', '1'), s('PREFIX', '2'), s('EQUALS', '3')] }, 'AwsAccountId')).toEqual(['1', '3']);
  });
});
