import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type { ControlsResponse, DomainKey } from './types.ts';

export interface ControlsParams {
  accountId?: string;
  domain?: DomainKey;
  status?: string;
  date?: string;
}

export const controlKeys = {
  all: ['controls'] as const,
  list: (params: ControlsParams) => [...controlKeys.all, params] as const,
};

export const controlsQuery = (params: ControlsParams) =>
  queryOptions({
    queryKey: controlKeys.list(params),
    queryFn: ({ signal }) => apiFetch<ControlsResponse>('/controls', { query: { ...params }, signal }),
  });

export function useControls(params: ControlsParams) {
  return useQuery({ ...controlsQuery(params), placeholderData: keepPreviousData });
}
