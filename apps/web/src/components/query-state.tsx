import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorBanner } from './error-banner.tsx';
import { EmptyState } from './empty-state.tsx';
import { LoadingRegion } from './skeleton.tsx';

export interface QueryStateProps<T> {
  query: Pick<UseQueryResult<T>, 'data' | 'error' | 'isPending' | 'isError' | 'refetch' | 'isPlaceholderData'>;
  /** Skeleton shaped like the content. */
  loading: ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  errorTitle?: string;
  children: (data: T) => ReactNode;
}

/** The three states every page has (loading, empty, error) around the content. */
export function QueryState<T>({ query, loading, isEmpty, empty, errorTitle, children }: QueryStateProps<T>) {
  if (query.isPending) return <LoadingRegion>{loading}</LoadingRegion>;
  if (query.isError && query.data === undefined) {
    return <ErrorBanner error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />;
  }
  const data = query.data as T;
  return (
    <>
      {query.isError && <ErrorBanner error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />}
      {isEmpty?.(data) ? (empty ?? <EmptyState />) : <div className={query.isPlaceholderData ? 'is-stale' : undefined}>{children(data)}</div>}
    </>
  );
}
