import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { observeCalls, type AwsCallObserver } from './observer.ts';

export type AwsService = 'securityhub' | 'config' | 'sts' | 'organizations';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface AwsClientOptions {
  /** Attempts per request, the first included; throttling and 5xx are retried with backoff. Default 8. */
  maxAttempts?: number;
  /** Omitted: the SDK's default credential chain (env, profile, SSO, container, instance role). */
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /**
   * Omitted: the SDK's own resolution, which honours AWS_ENDPOINT_URL_SECURITYHUB, _CONFIG_SERVICE, _STS and
   * _ORGANIZATIONS. A string points every service at one server (the simulator serves them all).
   */
  endpoint?: string | Partial<Record<AwsService, string>>;
  /** Socket-level limits, so that a silent peer fails the request (and is retried) instead of hanging. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Told about every request to AWS, each retry attempt included (metrics); must not throw. */
  onCall?: AwsCallObserver;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

export interface AwsClients {
  securityHub(region: string): SecurityHubClient;
  config(region: string): ConfigServiceClient;
  sts(region: string): STSClient;
  organizations(region: string): OrganizationsClient;
  /** Closes every client's sockets. */
  destroy(): void;
}

interface Destroyable {
  destroy(): void;
}

/**
 * One client per service and region, created on first use and reused: the adaptive retry mode keeps its
 * client-side rate limiter per client instance, so sharing it is what makes throttling feedback count.
 * The client's region is also the SigV4 credential scope's region, with or without an endpoint override.
 */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const cache = new Map<string, Destroyable>();

  const base = (service: AwsService, region: string) => {
    const endpoint = typeof options.endpoint === 'string' ? options.endpoint : options.endpoint?.[service];
    return {
      region,
      retryMode: 'adaptive',
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 60_000,
      },
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(endpoint ? { endpoint } : {}),
    };
  };

  function get<T extends Destroyable>(service: AwsService, region: string, make: () => T): T {
    const key = `${service}:${region}`;
    let client = cache.get(key) as T | undefined;
    if (!client) {
      client = make();
      if (options.onCall) observeCalls(client, service, region, options.onCall);
      cache.set(key, client);
    }
    return client;
  }

  return {
    securityHub: (region) => get('securityhub', region, () => new SecurityHubClient(base('securityhub', region))),
    config: (region) => get('config', region, () => new ConfigServiceClient(base('config', region))),
    sts: (region) => get('sts', region, () => new STSClient(base('sts', region))),
    organizations: (region) =>
      get('organizations', region, () => new OrganizationsClient(base('organizations', region))),
    destroy() {
      for (const client of cache.values()) client.destroy();
      cache.clear();
    },
  };
}
