import type { SyncStatus } from '../api/types.ts';

const LABELS: Record<SyncStatus, string> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  partial: 'partly failed',
  failed: 'failed',
};

export function SyncStatusBadge({ status }: { status: SyncStatus }) {
  return <span className={`status-badge status-${status}`}>{LABELS[status] ?? status}</span>;
}
