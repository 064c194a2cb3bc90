import type { ApiErrorBody } from './types.ts';

/** Status 0: the API could not be reached at all (network down, proxy without a backend). */
export const NETWORK_ERROR = 'network_error';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.status === 401;
}

/** Only failures that may pass by themselves are worth retrying: the network and the server's 5xx. */
export function isRetryable(error: unknown): boolean {
  return isApiError(error) && (error.status === 0 || error.status >= 500);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'You are not signed in.',
  403: 'Your role does not allow this.',
  404: 'Not found.',
  409: 'This conflicts with the current state.',
  413: 'The request is too large.',
  429: 'Too many requests: wait a moment and retry.',
};

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/**
 * Turns a failed response's body into an ApiError. The API answers `{ error: { code, message } }`; anything
 * else (a proxy's HTML page, an empty body) gets a generic message by status, never the raw body.
 */
export function errorFromResponse(status: number, bodyText: string): ApiError {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (isErrorBody(parsed)) return new ApiError(status, parsed.error.code, parsed.error.message);
  } catch {
    // not JSON: fall through to the generic message
  }
  const message =
    STATUS_TEXT[status] ?? (status >= 500 ? 'The server failed to answer. Try again.' : `Request failed (${status}).`);
  return new ApiError(status, `http_${status}`, message);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
