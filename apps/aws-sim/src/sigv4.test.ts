import { describe, expect, it } from 'vitest';
import { parseCredentialScope } from './sigv4.ts';

describe('parseCredentialScope', () => {
  it('reads access key, region and service from the Authorization header', () => {
    const auth =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250602/eu-west-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
    expect(parseCredentialScope(auth, '/findings')).toEqual({ accessKeyId: 'AKIDEXAMPLE', date: '20250602', region: 'eu-west-1', service: 'securityhub' });
  });

  it('reads a presigned X-Amz-Credential', () => {
    const url = `/?X-Amz-Credential=${encodeURIComponent('AKID/20250602/us-east-1/sts/aws4_request')}`;
    expect(parseCredentialScope(undefined, url)?.service).toBe('sts');
  });

  it('returns undefined for unsigned or malformed requests', () => {
    expect(parseCredentialScope(undefined, '/findings')).toBeUndefined();
    expect(parseCredentialScope('Bearer x', '/')).toBeUndefined();
    expect(parseCredentialScope('AWS4-HMAC-SHA256 Credential=AKID/2025/us-east-1', '/')).toBeUndefined();
  });
});
