import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useIsAdmin } from './use-role.ts';

/** An admin-only page: viewers get a sentence, not the controls (the API would refuse them with 403). */
export function RequireAdmin({ children }: { children: ReactNode }) {
  if (useIsAdmin()) return children;
  return (
    <div className="empty-state">
      <p>This page is for admins. Your role is viewer.</p>
      <Link to="/">Back to the posture</Link>
    </div>
  );
}
