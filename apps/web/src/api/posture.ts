import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type { Posture, Source } from './types.ts';

export interface PostureParams {
  date?: string;
  accountId?: string;
  region?: string;
  source?: Source;
}

export const postureKeys = {
  all: ['posture'] as const,
  detail: (params: PostureParams) => [...postureKeys.all, params] as const,
};

export const postureQuery = (params: PostureParams) =>
  queryOptions({
    queryKey: postureKeys.detail(params),
    queryFn: ({ signal }) => apiFetch<Posture>('/posture', { query: { ...params }, signal }),
  });

export function usePosture(params: PostureParams) {
  return useQuery({ ...postureQuery(params), placeholderData: keepPreviousData });
}
