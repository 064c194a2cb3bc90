import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiEnv, loadAwsEnv, loadStorageEnv, requireValue } from './index.ts';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('storage environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadStorageEnv({})).toEqual({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/pillar',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadStorageEnv({ DATABASE_URL: '' }).DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/pillar');
  });

  it('names DATABASE_URL in one line when it is not a postgres URL', () => {
    const e = errorOf(() => loadStorageEnv({ DATABASE_URL: 'mysql://x/y' }));
    expect(e.variable).toBe('DATABASE_URL');
    expect(e.message).toMatch(/^DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(e.message).not.toContain('\n');
  });

  it('rejects a postgres URL without a database name', () => {
    expect(errorOf(() => loadStorageEnv({ DATABASE_URL: 'postgresql://h:5432' })).variable).toBe('DATABASE_URL');
  });

  it('names REDIS_URL when it is malformed', () => {
    expect(errorOf(() => loadStorageEnv({ REDIS_URL: 'not a url' })).message).toMatch(/^REDIS_URL: /);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadStorageEnv({}))).toBe(true);
  });
});

describe('AWS environment', () => {
  it('reads regions as a de-duplicated list', () => {
    expect(loadAwsEnv({ PILLAR_REGIONS: 'us-east-1, eu-west-1,us-east-1' }).PILLAR_REGIONS).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('defaults the regions to AWS_REGION', () => {
    expect(loadAwsEnv({ AWS_REGION: 'eu-central-1' }).PILLAR_REGIONS).toEqual(['eu-central-1']);
  });

  it('leaves regions unset when neither variable is given', () => {
    expect(loadAwsEnv({}).PILLAR_REGIONS).toBeUndefined();
  });

  it('refuses a region that is not an AWS region name', () => {
    expect(errorOf(() => loadAwsEnv({ PILLAR_REGIONS: 'us-east-1,mars' })).variable).toBe('PILLAR_REGIONS');
  });

  it('refuses a cron expression with too few fields', () => {
    expect(errorOf(() => loadAwsEnv({ PILLAR_SYNC_CRON: '0 6 *' })).variable).toBe('PILLAR_SYNC_CRON');
  });

  it('keeps the documented schedules by default', () => {
    const env = loadAwsEnv({});
    expect([env.PILLAR_SYNC_CRON, env.PILLAR_FULL_SYNC_CRON]).toEqual(['0 */6 * * *', '0 3 * * 0']);
  });
});

describe('API environment', () => {
  it('refuses a session secret shorter than 32 characters', () => {
    const e = errorOf(() => loadApiEnv({ PILLAR_SESSION_SECRET: 'short' }));
    expect(e.message).toBe('PILLAR_SESSION_SECRET: must be at least 32 characters');
  });

  it('coerces the port and the rate limit to numbers', () => {
    const env = loadApiEnv({ PORT: '8080', PILLAR_RATE_LIMIT: '50000' });
    expect([env.PORT, env.PILLAR_RATE_LIMIT]).toEqual([8080, 50000]);
  });

  it('refuses a TLS certificate without its key', () => {
    expect(errorOf(() => loadApiEnv({ PILLAR_TLS_CERT: '/etc/cert.pem' })).variable).toBe('PILLAR_TLS_KEY');
  });

  it('splits trusted proxies on commas', () => {
    expect(loadApiEnv({ PILLAR_TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).PILLAR_TRUST_PROXY).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

describe('requireValue', () => {
  it('names the variable and the reason when a required value is missing', () => {
    expect(errorOf(() => requireValue(undefined, 'AWS_REGION', 'by `pnpm start`')).message).toBe('AWS_REGION: is required by `pnpm start`');
  });

  it('passes a present value through', () => {
    expect(requireValue('us-east-1', 'AWS_REGION', 'x')).toBe('us-east-1');
  });
});
