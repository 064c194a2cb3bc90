import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Link, useRouteError } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { createQueryClient } from './api/query-client.ts';
import { RequireAdmin } from './auth/require-admin.tsx';
import { RequireSession } from './auth/require-session.tsx';
import { ErrorBanner } from './components/error-banner.tsx';
import { AppLayout } from './layout/app-layout.tsx';

// Every page is its own chunk: the first load carries the shell (router, query client, top bar) only.
const LoginPage = lazy(() => import('./pages/login-page.tsx'));
const PosturePage = lazy(() => import('./pages/posture-page.tsx'));
const AccountsPage = lazy(() => import('./pages/accounts-page.tsx'));
const AccountPage = lazy(() => import('./pages/account-page.tsx'));
const WeeklyReviewPage = lazy(() => import('./pages/weekly-review-page.tsx'));
const SyncsPage = lazy(() => import('./pages/syncs-page.tsx'));

function RouteError() {
  const error = useRouteError();
  return (
    <main className="page" id="main">
      <ErrorBanner
        error={error}
        title="This page failed to load"
        // A failed chunk load (a new deploy replaced it) is cured by a full reload.
        onRetry={() => window.location.reload()}
      />
      <p>
        <Link to="/">Back to the posture</Link>
      </p>
    </main>
  );
}

function NotFound() {
  return (
    <div className="empty-state">
      <p>There is no page at this address.</p>
      <Link to="/">Back to the posture</Link>
    </div>
  );
}

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/login',
      errorElement: <RouteError />,
      element: (
        <Suspense fallback={null}>
          <LoginPage />
        </Suspense>
      ),
    },
    {
      path: '/',
      errorElement: <RouteError />,
      element: (
        <RequireSession>
          <AppLayout />
        </RequireSession>
      ),
      children: [
        { index: true, element: <PosturePage /> },
        { path: 'accounts', element: <AccountsPage /> },
        { path: 'accounts/:accountId', element: <AccountPage /> },
        { path: 'reviews/weekly', element: <WeeklyReviewPage /> },
        {
          path: 'syncs',
          element: (
            <RequireAdmin>
              <SyncsPage />
            </RequireAdmin>
          ),
        },
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}

export function App() {
  // Created once per mounted app (not at module load), so that tests or a remount get fresh state.
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
