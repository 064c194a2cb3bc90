import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch, downloadExport } from './client.ts';
import type { DomainKey, FindingsPage, Severity } from './types.ts';

export interface FindingsFilter {
  accountId?: string;
  domain?: DomainKey;
  controlId?: string;
  severity?: readonly Severity[];
  /** true keeps open findings only; undefined lists every state. */
  open?: boolean;
  q?: string;
  limit?: number;
}

export const findingKeys = {
  all: ['findings'] as const,
  lists: () => [...findingKeys.all, 'list'] as const,
  list: (filter: FindingsFilter) => [...findingKeys.lists(), filter] as const,
};

function toQuery(filter: FindingsFilter) {
  return {
    accountId: filter.accountId,
    domain: filter.domain,
    controlId: filter.controlId,
    severity: filter.severity,
    open: filter.open === true ? 'true' : undefined,
    q: filter.q,
  };
}

export const findingsQuery = (filter: FindingsFilter) =>
  infiniteQueryOptions({
    queryKey: findingKeys.list(filter),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<FindingsPage>('/findings', {
        query: { ...toQuery(filter), limit: filter.limit, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function useFindings(filter: FindingsFilter, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({ ...findingsQuery(filter), placeholderData: keepPreviousData, enabled: options.enabled ?? true });
}

/** Every page of the filtered findings as CSV (the API streams them with `Accept: text/csv`). */
export function downloadFindingsCsv(filter: FindingsFilter, filename: string): Promise<void> {
  return downloadExport('/findings', toQuery(filter), 'text/csv', filename);
}
