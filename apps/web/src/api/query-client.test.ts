import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.ts';
import { retryDelay, shouldRetry } from './query-client.ts';

describe('query retries', () => {
  it('retries a network failure or a 5xx twice, then gives up', () => {
    const down = new ApiError(503, 'http_503', 'down');
    expect(shouldRetry(0, down)).toBe(true);
    expect(shouldRetry(1, down)).toBe(true);
    expect(shouldRetry(2, down)).toBe(false);
  });

  it('does not retry a 4xx', () => {
    expect(shouldRetry(0, new ApiError(401, 'unauthorized', 'Sign in'))).toBe(false);
    expect(shouldRetry(0, new ApiError(400, 'bad_request', 'Bad'))).toBe(false);
  });

  it('backs off exponentially up to 8 s', () => {
    expect([0, 1, 2, 3, 10].map(retryDelay)).toEqual([500, 1000, 2000, 4000, 8000]);
  });
});
