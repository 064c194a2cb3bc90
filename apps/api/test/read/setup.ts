import type { Response } from 'supertest';
import { expect } from 'vitest';
import { bearer, buildTestApp, factories, type TestApp } from '../helpers.ts';

export type ReadTestApp = TestApp & {
  /** Bearer headers of an admin and a viewer token. */
  admin: Record<string, string>;
  viewer: Record<string, string>;
  get(url: string, headers?: Record<string, string>): Promise<Response>;
};

/** The production app on a fresh database, with a viewer and an admin API token. */
export async function readTestApp(): Promise<ReadTestApp> {
  const t = await buildTestApp();
  const f = factories(t.db, t.redis, t.redisPrefix);
  const admin = bearer((await f.token('admin')).secret);
  const viewer = bearer((await f.token('viewer')).secret);
  return { ...t, admin, viewer, get: (url, headers = viewer) => t.http.get(url).set(headers) };
}

/** Expects a 400 with CONTRACT.md's error shape. */
export function expectBadRequest(res: Response): void {
  expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(400);
  expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) as string } });
}

export const score = (value: number | null, passed: number, failed: number, unknown = 0, noData = 0) => ({
  score: value,
  passed,
  failed,
  unknown,
  noData,
});

export const NONE = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
export const severities = (s: Partial<typeof NONE>) => ({ ...NONE, ...s });
export const DOMAIN_ORDER = ['iam', 'detective', 'infrastructure', 'data-protection', 'incident-response'];
