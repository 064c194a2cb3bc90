/** The credential scope of a SigV4-signed request: who signed, for which region and service. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

const SCOPE = /^([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request$/;

function parseCredential(credential: string): CredentialScope | undefined {
  const m = SCOPE.exec(credential.trim());
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) return undefined;
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4] };
}

/**
 * Reads `Credential=AKID/20250602/us-east-1/securityhub/aws4_request` from the Authorization header
 * (or from `X-Amz-Credential` of a presigned URL). The signature itself is not checked: credentials are dummies.
 */
export function parseCredentialScope(authorization: string | undefined, url: string): CredentialScope | undefined {
  if (authorization) {
    const m = /Credential=([^,\s]+)/.exec(authorization);
    return m?.[1] ? parseCredential(m[1]) : undefined;
  }
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const cred = new URLSearchParams(url.slice(q + 1)).get('X-Amz-Credential');
  return cred ? parseCredential(cred) : undefined;
}
