import { getCsrfToken } from './csrf.ts';
import { ApiError, NETWORK_ERROR, errorFromResponse } from './errors.ts';
import { buildQuery, type QueryParams } from './query-string.ts';

export const API_BASE = '/api/v1';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
  accept?: string;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers = new Headers({ Accept: options.accept ?? 'application/json' });
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  if (method !== 'GET') {
    const csrf = getCsrfToken();
    if (csrf !== null) headers.set('x-csrf-token', csrf);
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${buildQuery(options.query ?? {})}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    // A cancelled query must stay an AbortError, so that TanStack Query treats it as a cancellation.
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, NETWORK_ERROR, 'Cannot reach the Pillar API. Check your connection and retry.');
  }
  if (!response.ok) throw errorFromResponse(response.status, await response.text().catch(() => ''));
  return response;
}

/** JSON request to the API. The caller names the answer's type; CONTRACT.md is the source of truth. */
export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Downloads an export (CSV, Markdown) of a reading route with the session's credentials, as a file. */
export async function downloadExport(path: string, query: QueryParams, accept: string, filename: string): Promise<void> {
  const response = await send(path, { query, accept });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoked on the next task: Chromium reads the blob asynchronously after click().
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
