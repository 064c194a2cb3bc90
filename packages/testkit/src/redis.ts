import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A key prefix no other test uses (BullMQ `prefix`, cache namespaces): `pillar-test-<label>-<time>-<random>`.
 * Only letters, digits and dashes, so it is safe in a SCAN pattern.
 */
export function uniqueRedisPrefix(label = 'test'): string {
  const safe = label.replace(/[^a-zA-Z0-9]+/g, '-');
  return `pillar-test-${safe}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key that starts with the prefix; returns how many. */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
