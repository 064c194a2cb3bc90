import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { PageSkeleton } from '../components/skeleton.tsx';
import { TopBar } from './top-bar.tsx';

export function AppLayout() {
  return (
    <>
      <TopBar />
      <main id="main" className="page" tabIndex={-1}>
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
