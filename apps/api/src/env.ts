import { loadApiEnv, loadStorageEnv, requireValue } from '@pillar/config';
import type { AppConfig } from './app.ts';

/** Everything the API server reads from the environment, validated once at boot and frozen. */
export type ServerSettings = Readonly<{
  databaseUrl: string;
  redisUrl: string;
  host: string;
  port: number;
  sessionSecret: string;
  rateLimitPerMinute: number;
  /** Paths of the PEM files; both or neither. */
  tls: Readonly<{ certFile: string; keyFile: string }> | null;
  trustProxy: readonly string[] | false;
}>;

/** Prefix of the API's Redis keys (rate limits, login failure counters). */
export const REDIS_PREFIX = 'pillar:';

/** Throws a ConfigError (one line naming the variable) when anything is missing or malformed. */
export function loadServerSettings(source: Record<string, string | undefined> = process.env): ServerSettings {
  const storage = loadStorageEnv(source);
  const api = loadApiEnv(source);
  const sessionSecret = requireValue(
    api.PILLAR_SESSION_SECRET,
    'PILLAR_SESSION_SECRET',
    'by the API server (at least 32 random characters, e.g. `openssl rand -base64 48`)',
  );
  const tls = api.PILLAR_TLS_CERT && api.PILLAR_TLS_KEY ? { certFile: api.PILLAR_TLS_CERT, keyFile: api.PILLAR_TLS_KEY } : null;
  const proxies = api.PILLAR_TRUST_PROXY ?? [];
  return Object.freeze({
    databaseUrl: storage.DATABASE_URL,
    redisUrl: storage.REDIS_URL,
    host: api.HOST,
    port: api.PORT,
    sessionSecret,
    rateLimitPerMinute: api.PILLAR_RATE_LIMIT,
    tls: tls && Object.freeze(tls),
    trustProxy: proxies.length > 0 ? Object.freeze([...proxies]) : false,
  });
}

/** What the process found at boot besides the environment: TLS file contents, the web build, the logger. */
export type Runtime = Pick<AppConfig, 'version' | 'logger'> & {
  tls: { cert: string | Buffer; key: string | Buffer } | null;
  webRoot: string | null;
  /** Defaults to REDIS_PREFIX; tests give each app its own. */
  redisPrefix?: string;
};

/** The AppConfig of a server with these settings: the one mapping used by server.ts and by the tests. */
export function appConfigFrom(settings: ServerSettings, runtime: Runtime): AppConfig {
  return {
    sessionSecret: settings.sessionSecret,
    rateLimitPerMinute: settings.rateLimitPerMinute,
    redisPrefix: runtime.redisPrefix ?? REDIS_PREFIX,
    // Cookies get `Secure` and HSTS is sent when this process terminates TLS (behind a trusted proxy that
    // did, the login route sees https in X-Forwarded-Proto and marks the cookie Secure too).
    secure: runtime.tls !== null,
    trustProxy: settings.trustProxy === false ? false : [...settings.trustProxy],
    version: runtime.version,
    logger: runtime.logger,
    tls: runtime.tls,
    webRoot: runtime.webRoot,
  };
}
