import type { FastifySchema } from 'fastify';
import type { Response, Test } from 'supertest';
import { expect } from 'vitest';
import type { ZodType } from 'zod';
import type { TestApp } from '../helpers.ts';
import { captured } from './capture.ts';
import type { Plan } from './valid-requests.ts';

/** A request as raw parts: what a client could put on the wire, right or wrong. */
export type RawRequest = {
  method: string;
  /** Path and query, already encoded. */
  url: string;
  headers?: Record<string, string>;
  /** A body as sent: JSON-encoded by the caller or not JSON at all. */
  body?: string;
};

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options';

export function send(t: TestApp, req: RawRequest): Test {
  let test = t.http[req.method.toLowerCase() as Method](req.url);
  for (const [name, value] of Object.entries(req.headers ?? {})) test = test.set(name, value);
  // A string body goes out byte for byte (supertest would otherwise re-encode objects).
  if (req.body !== undefined) test = test.send(req.body);
  return test;
}

/** Percent-encoding of any string: an unpaired surrogate goes out as the (invalid) UTF-8 a hostile client sends. */
export function encode(text: string): string {
  return Array.from(text, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}

/** A URL pattern's path with its parameters filled (encoded), and a query string (keys may repeat). */
export function urlOf(pattern: string, params: Record<string, string> = {}, query: [string, string][] = []): string {
  const path = pattern.replace(/:(\w+)/g, (_m, name: string) => encode(params[name] ?? ''));
  const search = query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  return search ? `${path}?${search}` : path;
}

export function queryPairs(query: Plan['query'] = {}): [string, string][] {
  return Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])));
}

/** The request a plan stands for, with the credential it names. */
export function planRequest(method: string, pattern: string, plan: Plan, credentials: Record<string, Record<string, string>>): RawRequest {
  return {
    method,
    url: urlOf(pattern, plan.params, queryPairs(plan.query)),
    headers: { ...(plan.as && plan.as !== 'none' ? credentials[plan.as] : {}), ...plan.headers, ...(plan.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(plan.body === undefined ? {} : { body: JSON.stringify(plan.body) }),
  };
}

/** The schema the app registered for a route (every instance registers the same routes: the first one's). */
export function schemaOf(method: string, url: string): FastifySchema | undefined {
  return captured.find((r) => r.method === method && r.url === url)?.schema;
}

type ResponseEntry = ZodType | { content?: Record<string, { schema: ZodType }> };

/** The zod schema of a status and content type, or null when the route declares none for it. */
export function responseSchema(schema: FastifySchema | undefined, status: number, contentType: string): ZodType | null {
  const entry = (schema?.response as Record<string, ResponseEntry> | undefined)?.[String(status)];
  if (entry === undefined) return null;
  if ('safeParse' in entry) return entry;
  const media = contentType.split(';')[0]?.trim() ?? '';
  return entry.content?.[media]?.schema ?? null;
}

const STACK = /\n\s+at |node_modules|\.ts:\d+|\.js:\d+/;

/** CONTRACT.md: a 4xx answer is `{ error: { code, message } }` and nothing else; no answer shows a stack. */
export function expectClientErrorShape(res: Response, where: string): void {
  expect(res.headers['content-type'], `${where}: content type of ${res.status}`).toMatch(/^application\/json/);
  expect(res.body, `${where}: ${res.status} body ${(res.text ?? '').slice(0, 300)}`).toEqual({
    error: { code: expect.any(String) as string, message: expect.any(String) as string },
  });
  expect(Object.keys(res.body as object), where).toEqual(['error']);
  expect(Object.keys((res.body as { error: object }).error).sort(), where).toEqual(['code', 'message']);
}

/**
 * What every answer to any input must be: never a 5xx, never a stack trace; a 4xx in the contract's shape; a 2xx
 * with a body its route's schema accepts (when the route declares one for that status and type).
 */
export function expectSoundAnswer(res: Response, method: string, url: string, where: string): void {
  expect(res.status, `${where}: ${res.status} ${(res.text ?? '').slice(0, 300)}`).toBeLessThan(500);
  expect(STACK.test(res.text ?? ''), `${where}: a stack trace in ${(res.text ?? '').slice(0, 300)}`).toBe(false);
  if (method === 'HEAD') {
    expect(res.text ?? '', `${where}: a HEAD answer has no body`).toBe('');
    return;
  }
  if (res.status >= 400) return expectClientErrorShape(res, where);
  if (res.status >= 200 && res.status < 300) expectMatchesSchema(res, method, url, where);
}

/** A 2xx body against the route's response schema for that status; a route without one declares nothing to check. */
export function expectMatchesSchema(res: Response, method: string, url: string, where: string): boolean {
  const schema = schemaOf(method, url);
  if (schema?.response === undefined) return false;
  const declared = Object.keys(schema.response as object);
  expect(declared, `${where}: ${res.status} is not a status the route declares`).toContain(String(res.status));
  if (res.status === 204) {
    expect(res.text ?? '', where).toBe('');
    return true;
  }
  const type = String(res.headers['content-type'] ?? '');
  const zod = responseSchema(schema, res.status, type);
  expect(zod, `${where}: no ${res.status} schema for ${type}`).not.toBeNull();
  const body: unknown = type.startsWith('application/json') ? res.body : res.text;
  const parsed = zod?.safeParse(body);
  expect(parsed?.success, `${where}: body does not match the ${res.status} schema: ${JSON.stringify(parsed?.error?.issues.slice(0, 3))}`).toBe(true);
  return true;
}
