import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { setCsrfToken } from './csrf.ts';
import type { LoginRequest, LoginResponse, Me } from './types.ts';

export const sessionKeys = {
  all: ['session'] as const,
  me: () => [...sessionKeys.all, 'me'] as const,
};

export const meQuery = () =>
  queryOptions({
    queryKey: sessionKeys.me(),
    queryFn: async ({ signal }) => {
      const me = await apiFetch<Me>('/me', { signal });
      if (me.csrfToken !== undefined) setCsrfToken(me.csrfToken);
      return me;
    },
    staleTime: 5 * 60_000,
  });

export function useMe() {
  return useQuery(meQuery());
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => apiFetch<LoginResponse>('/auth/login', { method: 'POST', body }),
    onSuccess: ({ email, role, csrfToken }) => {
      setCsrfToken(csrfToken);
      // Another user may have signed in on this tab: nothing cached for the previous one may show.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKeys.all[0] });
      queryClient.setQueryData<Me>(sessionKeys.me(), { email, role });
    },
  });
}

/**
 * Signs out. The caller leaves the signed-in pages first and then empties the cache (`clearSession`), so that
 * no mounted page refetches /me and meets a 401 on the way out.
 */
export function useLogout() {
  return useMutation({
    mutationFn: () => apiFetch<undefined>('/auth/logout', { method: 'POST' }),
    // Signed out locally even when the request failed: the cookie is then left to expire.
    onSettled: () => setCsrfToken(null),
  });
}
