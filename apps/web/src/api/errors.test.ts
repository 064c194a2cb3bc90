import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse, isRetryable, isUnauthorized } from './errors.ts';

describe('errorFromResponse', () => {
  it('reads the API error shape', () => {
    const error = errorFromResponse(409, JSON.stringify({ error: { code: 'conflict', message: 'A sync is running.' } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'A sync is running.' });
  });

  it('never shows a body that is not the API error shape', () => {
    const error = errorFromResponse(502, '<html><body>Bad gateway</body></html>');
    expect(error).toMatchObject({ status: 502, code: 'http_502', message: 'The server failed to answer. Try again.' });
  });

  it('explains the common statuses when the body is empty or foreign', () => {
    expect(errorFromResponse(403, '').message).toBe('Your role does not allow this.');
    expect(errorFromResponse(429, '{"message":"slow down"}').message).toBe('Too many requests: wait a moment and retry.');
    expect(errorFromResponse(418, '').message).toBe('Request failed (418).');
  });
});

describe('isRetryable', () => {
  it('retries network failures and server errors only', () => {
    expect(isRetryable(new ApiError(0, 'network_error', 'offline'))).toBe(true);
    expect(isRetryable(new ApiError(503, 'http_503', 'down'))).toBe(true);
    expect(isRetryable(new ApiError(401, 'unauthorized', 'no'))).toBe(false);
    expect(isRetryable(new ApiError(404, 'not_found', 'no'))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });
});

describe('isUnauthorized', () => {
  it('recognises a 401 from the API', () => {
    expect(isUnauthorized(new ApiError(401, 'unauthorized', 'Sign in'))).toBe(true);
    expect(isUnauthorized(new ApiError(403, 'forbidden', 'No'))).toBe(false);
    expect(isUnauthorized(undefined)).toBe(false);
  });
});
