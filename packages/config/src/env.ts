import { z } from 'zod';
import { ConfigError } from './errors.ts';
import * as f from './fields.ts';

export const DEFAULTS = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/pillar',
  REDIS_URL: 'redis://127.0.0.1:6379',
  HOST: '127.0.0.1',
  PORT: '3000',
  PILLAR_SYNC_CRON: '0 */6 * * *',
  PILLAR_FULL_SYNC_CRON: '0 3 * * 0',
  PILLAR_RATE_LIMIT: '1200',
} as const;

const storage = z.object({
  DATABASE_URL: f.postgresUrl.default(DEFAULTS.DATABASE_URL),
  REDIS_URL: f.redisUrl.default(DEFAULTS.REDIS_URL),
});

const aws = z.object({
  AWS_REGION: f.region.optional(),
  PILLAR_REGIONS: f.regionList.optional(),
  PILLAR_CONFIG_AGGREGATOR: f.aggregatorName.optional(),
  PILLAR_SYNC_CRON: f.cron.default(DEFAULTS.PILLAR_SYNC_CRON),
  PILLAR_FULL_SYNC_CRON: f.cron.default(DEFAULTS.PILLAR_FULL_SYNC_CRON),
});

const api = z.object({
  HOST: z.string().min(1).max(255).default(DEFAULTS.HOST),
  PORT: f.port.default(Number(DEFAULTS.PORT)),
  PILLAR_SESSION_SECRET: f.secret(32).optional(),
  PILLAR_RATE_LIMIT: f.positiveInt.default(Number(DEFAULTS.PILLAR_RATE_LIMIT)),
  PILLAR_TLS_CERT: z.string().min(1).max(4096).optional(),
  PILLAR_TLS_KEY: z.string().min(1).max(4096).optional(),
  PILLAR_TRUST_PROXY: f.proxyList.optional(),
});

export type StorageEnv = z.infer<typeof storage>;
export type AwsEnv = Omit<z.infer<typeof aws>, 'PILLAR_REGIONS'> & { PILLAR_REGIONS: string[] | undefined };
export type ApiEnv = z.infer<typeof api>;

type Source = Record<string, string | undefined>;

/** Empty strings count as unset, as operators expect from `FOO= pnpm start`. */
function clean(source: Source): Source {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
}

function parse<T extends z.ZodType>(schema: T, source: Source): Readonly<z.output<T>> {
  const result = schema.safeParse(clean(source));
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'is invalid');
  }
  return Object.freeze(result.data);
}

export function loadStorageEnv(source: Source = process.env): Readonly<StorageEnv> {
  return parse(storage, source);
}

export function loadAwsEnv(source: Source = process.env): Readonly<AwsEnv> {
  const env = parse(aws, source);
  const regions = env.PILLAR_REGIONS ?? (env.AWS_REGION ? [env.AWS_REGION] : undefined);
  return Object.freeze({ ...env, PILLAR_REGIONS: regions });
}

export function loadApiEnv(source: Source = process.env): Readonly<ApiEnv> {
  const env = parse(api, source);
  if ((env.PILLAR_TLS_CERT === undefined) !== (env.PILLAR_TLS_KEY === undefined)) {
    throw new ConfigError(env.PILLAR_TLS_CERT ? 'PILLAR_TLS_KEY' : 'PILLAR_TLS_CERT', 'must be set together with its pair (PILLAR_TLS_CERT and PILLAR_TLS_KEY)');
  }
  return env;
}

/** For processes that cannot run without a value the schema leaves optional (`pnpm start` needs AWS_REGION). */
export function requireValue<T>(value: T | undefined, variable: string, why: string): T {
  if (value === undefined) throw new ConfigError(variable, `is required ${why}`);
  return value;
}
