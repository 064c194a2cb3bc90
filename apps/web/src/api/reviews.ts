import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch, downloadExport } from './client.ts';
import type { WeeklyReview } from './types.ts';

export interface WeeklyReviewParams {
  week?: string;
  accountId?: string;
}

export const reviewKeys = {
  all: ['reviews'] as const,
  weekly: (params: WeeklyReviewParams) => [...reviewKeys.all, 'weekly', params] as const,
};

export const weeklyReviewQuery = (params: WeeklyReviewParams) =>
  queryOptions({
    queryKey: reviewKeys.weekly(params),
    queryFn: ({ signal }) => apiFetch<WeeklyReview>('/reviews/weekly', { query: { ...params }, signal }),
  });

export function useWeeklyReview(params: WeeklyReviewParams) {
  return useQuery({ ...weeklyReviewQuery(params), placeholderData: keepPreviousData });
}

export type ReviewExportFormat = 'csv' | 'markdown';

const ACCEPT: Record<ReviewExportFormat, string> = { csv: 'text/csv', markdown: 'text/markdown' };

export function downloadWeeklyReview(params: WeeklyReviewParams, format: ReviewExportFormat, filename: string) {
  return downloadExport('/reviews/weekly', { ...params }, ACCEPT[format], filename);
}
