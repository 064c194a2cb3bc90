import { ConfigError, loadApiEnv, loadAwsEnv, loadStorageEnv, requireValue } from '@pillar/config';
import { queueNamesFor } from '@pillar/worker/producer';
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
  /** The workers' BullMQ prefix (PILLAR_QUEUE_PREFIX): the API produces their jobs and reports their queues. */
  queuePrefix: string;
  /** PILLAR_REGIONS / AWS_REGION, when set: which queues exist before any job did (metrics, Bull Board). */
  regions: readonly string[];
  homeRegion: string | null;
  /** PILLAR_METRICS_PORT: a second listener on HOST serving GET /metrics without a credential (private networks). */
  metricsPort: number | null;
  /** PILLAR_CHECK_RESPONSES=on: every response body is also checked with its Zod schema (development; slower). */
  checkResponses: boolean;
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
  const aws = loadAwsEnv(source);
  return Object.freeze({
    databaseUrl: storage.DATABASE_URL,
    redisUrl: storage.REDIS_URL,
    host: api.HOST,
    port: api.PORT,
    sessionSecret,
    rateLimitPerMinute: api.PILLAR_RATE_LIMIT,
    tls: tls && Object.freeze(tls),
    trustProxy: proxies.length > 0 ? Object.freeze([...proxies]) : false,
    queuePrefix: source.PILLAR_QUEUE_PREFIX?.trim() || 'pillar',
    regions: Object.freeze([...(aws.PILLAR_REGIONS ?? [])]),
    homeRegion: aws.AWS_REGION ?? null,
    metricsPort: metricsPort(source.PILLAR_METRICS_PORT, api.PORT),
    checkResponses: onOff(source.PILLAR_CHECK_RESPONSES, 'PILLAR_CHECK_RESPONSES'),
  });
}

function onOff(value: string | undefined, variable: string): boolean {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'off') return false;
  if (v === 'on') return true;
  throw new ConfigError(variable, 'must be on or off');
}

function metricsPort(value: string | undefined, apiPort: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new ConfigError('PILLAR_METRICS_PORT', 'must be a port number between 1 and 65535');
  if (port === apiPort) throw new ConfigError('PILLAR_METRICS_PORT', 'must differ from PORT');
  return port;
}

/** What the process found at boot besides the environment: TLS file contents, the web build, the logger. */
export type Runtime = Pick<AppConfig, 'version' | 'logger'> & {
  tls: { cert: string | Buffer; key: string | Buffer } | null;
  webRoot: string | null;
  /** Defaults to REDIS_PREFIX; tests give each app its own. */
  redisPrefix?: string;
  /** Defaults to the settings' queuePrefix; tests give each app its own. */
  queuePrefix?: string;
};

/** The queues the configured regions imply; none when no region is configured (they are then found in Redis). */
function knownQueues(settings: ServerSettings): string[] {
  const home = settings.homeRegion ?? settings.regions[0];
  return home ? queueNamesFor({ regions: settings.regions.length > 0 ? settings.regions : [home], homeRegion: home }) : [];
}

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
    queuePrefix: runtime.queuePrefix ?? settings.queuePrefix,
    queueNames: knownQueues(settings),
    checkResponses: settings.checkResponses,
  };
}
