export { ConfigError } from './errors.ts';
export { DEFAULTS, loadApiEnv, loadAwsEnv, loadStorageEnv, requireValue } from './env.ts';
export type { ApiEnv, AwsEnv, StorageEnv } from './env.ts';
export * as fields from './fields.ts';
