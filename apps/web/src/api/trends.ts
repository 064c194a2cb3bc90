import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type { Interval, Trends } from './types.ts';

export interface TrendsParams {
  from?: string;
  to?: string;
  interval?: Interval;
  accountId?: string;
}

export const trendKeys = {
  all: ['trends'] as const,
  series: (params: TrendsParams) => [...trendKeys.all, params] as const,
};

export const trendsQuery = (params: TrendsParams) =>
  queryOptions({
    queryKey: trendKeys.series(params),
    queryFn: ({ signal }) => apiFetch<Trends>('/trends', { query: { ...params }, signal }),
  });

export function useTrends(params: TrendsParams) {
  return useQuery({ ...trendsQuery(params), placeholderData: keepPreviousData });
}
