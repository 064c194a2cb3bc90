import type { ReactNode } from 'react';
import { StartSyncButton } from './start-sync-button.tsx';
import { useIsAdmin } from '../auth/use-role.ts';

export interface EmptyStateProps {
  /** One sentence. Defaults to the "nothing synced yet" case. */
  message?: string;
  /** The action; defaults to "Start a sync" for admins. */
  action?: ReactNode;
}

/** Nothing to show: one sentence and the action that fixes it. */
export function EmptyState({ message, action }: EmptyStateProps) {
  const isAdmin = useIsAdmin();
  const noData = message === undefined;
  return (
    <div className="empty-state" data-testid="empty-state">
      <p>{message ?? (isAdmin ? 'No data yet. Start a sync.' : 'No data yet. An admin can start a sync.')}</p>
      {action ?? (noData && isAdmin ? <StartSyncButton label="Start a sync" /> : null)}
    </div>
  );
}
