import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isUnauthorized } from '../api/errors.ts';
import { useMe } from '../api/session.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { PageSkeleton } from '../components/skeleton.tsx';
import { loginPathFor } from '../lib/redirect.ts';

/**
 * Renders its children for a signed-in user. A 401 from /me (now or after any request found the session
 * gone) leads to /login with the current path and params, so that login returns to the same view.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (isUnauthorized(me.error)) return <Navigate to={loginPathFor(location.pathname, location.search)} replace />;
  // A failed refetch (API restarting) keeps the known session: pages show their own errors.
  if (me.data !== undefined) return children;
  if (me.isPending) {
    return (
      <main className="page">
        <PageSkeleton />
      </main>
    );
  }
  return (
    <main className="page">
      <ErrorBanner error={me.error} title="Could not check your session" onRetry={() => void me.refetch()} />
    </main>
  );
}
