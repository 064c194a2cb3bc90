import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type { StartSyncRequest, StartSyncResponse, SyncRun, SyncsResponse } from './types.ts';

export const syncKeys = {
  all: ['syncs'] as const,
  list: () => [...syncKeys.all, 'list'] as const,
  detail: (id: string) => [...syncKeys.all, 'detail', id] as const,
};

/** Polling interval while a run is queued or running; idle lists refresh slowly for "last synced". */
export const ACTIVE_POLL_MS = 2_000;
export const IDLE_POLL_MS = 60_000;

export function isActive(run: Pick<SyncRun, 'status'>): boolean {
  return run.status === 'queued' || run.status === 'running';
}

export const syncsQuery = () =>
  queryOptions({
    queryKey: syncKeys.list(),
    queryFn: ({ signal }) => apiFetch<SyncsResponse>('/syncs', { signal }),
    refetchInterval: (query) => (query.state.data?.items.some(isActive) ? ACTIVE_POLL_MS : IDLE_POLL_MS),
  });

export const syncQuery = (id: string) =>
  queryOptions({
    queryKey: syncKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<SyncRun>(`/syncs/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (query) => (query.state.data && !isActive(query.state.data) ? false : ACTIVE_POLL_MS),
  });

export function useSyncs() {
  return useQuery(syncsQuery());
}

export function useSync(id: string | undefined) {
  return useQuery({ ...syncQuery(id ?? ''), enabled: id !== undefined });
}

/** Starts a sync (admin). The API answers 202 with the run's id, the running one's if a sync is under way. */
export function useStartSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StartSyncRequest) => apiFetch<StartSyncResponse>('/syncs', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: syncKeys.all }),
  });
}
