import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type { AccountDetail, AccountsResponse } from './types.ts';

export interface AccountsParams {
  date?: string;
}

export const accountKeys = {
  all: ['accounts'] as const,
  lists: () => [...accountKeys.all, 'list'] as const,
  list: (params: AccountsParams) => [...accountKeys.lists(), params] as const,
  details: () => [...accountKeys.all, 'detail'] as const,
  detail: (accountId: string, params: AccountsParams) => [...accountKeys.details(), accountId, params] as const,
};

export const accountsQuery = (params: AccountsParams) =>
  queryOptions({
    queryKey: accountKeys.list(params),
    queryFn: ({ signal }) => apiFetch<AccountsResponse>('/accounts', { query: { ...params }, signal }),
  });

export const accountQuery = (accountId: string, params: AccountsParams) =>
  queryOptions({
    queryKey: accountKeys.detail(accountId, params),
    queryFn: ({ signal }) =>
      apiFetch<AccountDetail>(`/accounts/${encodeURIComponent(accountId)}`, { query: { ...params }, signal }),
  });

export function useAccounts(params: AccountsParams) {
  return useQuery({ ...accountsQuery(params), placeholderData: keepPreviousData });
}

export function useAccount(accountId: string, params: AccountsParams) {
  return useQuery(accountQuery(accountId, params));
}
