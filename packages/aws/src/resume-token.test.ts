import { describe, expect, it } from 'vitest';
import { decodeResumeToken, encodeResumeToken } from './resume-token.ts';

describe('resume tokens', () => {
  const point = {
    mode: 'initial' as const,
    query: 1,
    filters: { RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' as const }], UpdatedAt: [{ Start: 'a', End: 'b' }] },
    nextToken: 'aws/next+token==',
  };

  it('round-trips the query, its exact filters and the AWS token', () => {
    expect(decodeResumeToken(encodeResumeToken(point))).toEqual(point);
  });

  it('round-trips the start of a query, which has no AWS token yet', () => {
    const { nextToken: _unused, ...start } = point;
    expect(decodeResumeToken(encodeResumeToken(start))).toEqual(start);
  });

  it('is URL-safe text', () => {
    expect(encodeResumeToken(point)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('rejects tokens that are not ours', () => {
    expect(decodeResumeToken('not-a-token')).toBeUndefined();
    expect(decodeResumeToken(Buffer.from('{"v":2}').toString('base64url'))).toBeUndefined();
    expect(decodeResumeToken(Buffer.from('[1,2]').toString('base64url'))).toBeUndefined();
  });
});
