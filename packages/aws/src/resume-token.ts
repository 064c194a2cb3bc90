import type { AwsSecurityFindingFilters } from '@aws-sdk/client-securityhub';
import { z } from 'zod';
import type { FindingsMode } from './findings-query.ts';

// Where a findings pull stands after a page: which query of the mode, that query's exact filters (AWS only
// honours a NextToken with the request body it came from, and the archived window moves with the clock), and
// AWS's NextToken. Opaque to callers: they store it and hand it back.

export interface ResumePoint {
  mode: FindingsMode['kind'];
  query: number;
  filters: AwsSecurityFindingFilters;
  nextToken?: string;
}

const schema = z.object({
  v: z.literal(1),
  m: z.enum(['initial', 'full', 'incremental']),
  q: z.number().int().min(0).max(16),
  f: z.record(z.string(), z.array(z.record(z.string(), z.unknown())).max(64)),
  t: z.string().min(1).max(100_000).optional(),
});

export function encodeResumeToken(point: ResumePoint): string {
  const body = { v: 1, m: point.mode, q: point.query, f: point.filters, t: point.nextToken };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The resume point, or undefined when the token is not one of ours. */
export function decodeResumeToken(token: string): ResumePoint | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return undefined;
  const { m, q, f, t } = parsed.data;
  return { mode: m, query: q, filters: f, ...(t ? { nextToken: t } : {}) };
}
