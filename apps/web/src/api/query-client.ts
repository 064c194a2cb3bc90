import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isRetryable, isUnauthorized } from './errors.ts';
import { sessionKeys } from './session.ts';

const MAX_RETRIES = 2;

/** Retry network failures and 5xx a couple of times; a 4xx will not change by asking again. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isRetryable(error);
}

/** Exponential backoff: 0.5 s, 1 s, 2 s ... capped at 8 s. */
export function retryDelay(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8_000);
}

/** The app's one QueryClient: every query and mutation default is set here. */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // A 401 anywhere means the session ended: re-check /me, whose 401 sends the session guard to /login.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isUnauthorized(error) && query.queryKey[0] !== sessionKeys.all[0]) {
          void client.invalidateQueries({ queryKey: sessionKeys.me() });
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isUnauthorized(error)) void client.invalidateQueries({ queryKey: sessionKeys.me() });
      },
    }),
    defaultOptions: {
      queries: {
        // Scores change when a sync records a day: a minute of freshness spares refetches on every navigation.
        staleTime: 60_000,
        gcTime: 10 * 60_000,
        retry: shouldRetry,
        retryDelay,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
