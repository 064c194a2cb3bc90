import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cleanupStaleTestDatabases, createTestDatabase, deleteRedisKeys, testServerUrl, uniqueRedisPrefix } from './index.ts';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('test databases', () => {
  it('creates a uniquely named, migrated database and drops it even with a client still connected', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.name).toMatch(/^pillar_test_\d{13}_[0-9a-f]{8}$/);
    expect(a.name).not.toBe(b.name);
    expect(await a.prisma.account.count()).toBe(0);
    const leftOpen = new pg.Client({ connectionString: b.url });
    leftOpen.on('error', () => undefined); // the drop terminates it
    await leftOpen.connect();
    await Promise.all([a.drop(), b.drop()]);
    expect(await databaseExists(b.name)).toBe(false);
    expect(await databaseExists(a.name)).toBe(false);
    await a.drop(); // idempotent
  });

  it('drops test databases older than the cut-off and keeps recent ones', async () => {
    const stale = `pillar_test_${Date.now() - 4 * 60 * 60 * 1000}_deadbeef`;
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${stale}"`).finally(() => admin.end());
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const dropped = await cleanupStaleTestDatabases();
      expect(dropped).toContain(stale);
      expect(dropped).not.toContain(fresh.name);
      expect(await databaseExists(stale)).toBe(false);
      expect(await databaseExists(fresh.name)).toBe(true);
    } finally {
      await fresh.drop();
    }
  });
});

describe('Redis prefixes', () => {
  it('are unique, and deleting one leaves other prefixes alone', async () => {
    const a = uniqueRedisPrefix('worker queue');
    const b = uniqueRedisPrefix('worker queue');
    expect(a).toMatch(/^pillar-test-worker-queue-[0-9a-z]+-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);

    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      await redis.mset(`${a}:1`, 'x', `${a}:2`, 'y', `${b}:1`, 'z');
      expect(await deleteRedisKeys(redis, a)).toBe(2);
      expect(await redis.exists(`${a}:1`, `${a}:2`, `${b}:1`)).toBe(1);
      await deleteRedisKeys(redis, b);
    } finally {
      redis.disconnect();
    }
  });
});
