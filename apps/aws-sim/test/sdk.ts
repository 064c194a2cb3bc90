import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsSecurityFinding, GetFindingsCommandInput } from '@aws-sdk/client-securityhub';
import { SecurityHubClient, paginateGetFindings } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import type { Simulator } from '../src/index.ts';

export interface ClientOptions {
  region?: string;
  accessKeyId?: string;
  maxAttempts?: number;
}

/** Unmodified AWS SDK v3 clients pointed at the simulator with dummy credentials. */
export function clients(sim: Simulator, o: ClientOptions = {}) {
  const config = {
    endpoint: sim.url,
    region: o.region ?? 'us-east-1',
    credentials: { accessKeyId: o.accessKeyId ?? 'AKIDSIMTEST', secretAccessKey: 'not-a-secret' },
    ...(o.maxAttempts === undefined ? {} : { maxAttempts: o.maxAttempts }),
  };
  return {
    securityHub: new SecurityHubClient(config),
    config: new ConfigServiceClient(config),
    organizations: new OrganizationsClient({ ...config, region: 'us-east-1' }),
    sts: new STSClient(config),
  };
}

export async function allFindings(client: SecurityHubClient, input: GetFindingsCommandInput = {}): Promise<AwsSecurityFinding[]> {
  const out: AwsSecurityFinding[] = [];
  for await (const page of paginateGetFindings({ client, pageSize: input.MaxResults }, input)) out.push(...(page.Findings ?? []));
  return out;
}

/** A hand-made request with a SigV4-shaped Authorization header, to look at raw status, headers and body. */
export async function raw(sim: Simulator, service: string, init: { path?: string; body?: string; headers?: Record<string, string>; region?: string }) {
  const res = await fetch(`${sim.url}${init.path ?? '/'}`, {
    method: 'POST',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDRAW/20250602/${init.region ?? 'us-east-1'}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      'content-type': 'application/json',
      ...init.headers,
    },
    body: init.body ?? '{}',
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export async function admin(sim: Simulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}
