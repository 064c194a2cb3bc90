import { useNavigate } from 'react-router';
import { errorMessage } from '../api/errors.ts';
import { useStartSync } from '../api/syncs.ts';

export interface StartSyncButtonProps {
  full?: boolean;
  label?: string;
  /** Open the Syncs page once the run is queued (from an empty state elsewhere). */
  goToSyncs?: boolean;
  variant?: 'primary' | 'secondary';
  /** The queued (or joined) run's id. */
  onStarted?: (id: string) => void;
}

/** Admin action: queue a sync (or join the running one). Render it for admins only. */
export function StartSyncButton({ full = false, label, goToSyncs = true, variant = 'primary', onStarted }: StartSyncButtonProps) {
  const start = useStartSync();
  const navigate = useNavigate();
  const text = label ?? (full ? 'Full reconciliation' : 'Sync now');
  return (
    <span className="inline-action">
      <button
        type="button"
        className={`button ${variant === 'primary' ? 'button-primary' : ''}`}
        disabled={start.isPending}
        onClick={() =>
          start.mutate(full ? { full: true } : {}, {
            onSuccess: ({ id }) => {
              onStarted?.(id);
              if (goToSyncs) void navigate('/syncs');
            },
          })
        }
      >
        {start.isPending ? 'Starting…' : text}
      </button>
      {start.isError && (
        <span className="inline-error" role="alert">
          {errorMessage(start.error)}
        </span>
      )}
    </span>
  );
}
