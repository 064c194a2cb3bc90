import { errorMessage } from '../api/errors.ts';

export interface ErrorBannerProps {
  error: unknown;
  onRetry?: () => void;
  /** What failed, e.g. "Could not load the posture". */
  title?: string;
}

export function ErrorBanner({ error, onRetry, title = 'Could not load this data' }: ErrorBannerProps) {
  return (
    <div className="banner banner-error" role="alert">
      <div>
        <strong>{title}.</strong> {errorMessage(error)}
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
