import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** The workers' queues as the API sees them (read only): depths for /metrics, the queues of Bull Board. */
export type QueueDirectory = {
  /** The workers' BullMQ prefix. */
  readonly prefix: string;
  /** Every Pillar queue: the configured regions' and any other found in Redis (a worker reading more regions). */
  list(): Promise<Queue[]>;
  close(): Promise<void>;
};

/** How long a Redis scan for queues is reused: queues appear when a region is added, which is rare. */
const DISCOVERY_TTL_MS = 60_000;

/**
 * Known names come from the configuration (PILLAR_REGIONS / AWS_REGION); the rest are discovered from the
 * `<prefix>:<queue>:meta` hash BullMQ writes for every queue. Queue objects share the API's Redis connection and
 * never write that hash themselves (`skipMetasUpdate`), so merely looking never creates a queue.
 */
export function createQueueDirectory(input: { redis: Redis; prefix: string; names: readonly string[]; onError: (err: Error) => void }): QueueDirectory {
  const queues = new Map<string, Queue>();
  let discovered: { at: number; names: string[] } | null = null;

  async function discover(): Promise<string[]> {
    if (discovered && Date.now() - discovered.at < DISCOVERY_TTL_MS) return discovered.names;
    const names = new Set<string>();
    const head = `${input.prefix}:`;
    let cursor = '0';
    do {
      const [next, keys] = await input.redis.scan(cursor, 'MATCH', `${escapeGlob(input.prefix)}:*:meta`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const name = key.slice(head.length, -':meta'.length);
        if (name && !name.includes(':')) names.add(name);
      }
    } while (cursor !== '0');
    discovered = { at: Date.now(), names: [...names] };
    return discovered.names;
  }

  function get(name: string): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: input.redis, prefix: input.prefix, skipMetasUpdate: true });
      queue.on('error', input.onError);
      queues.set(name, queue);
    }
    return queue;
  }

  return {
    prefix: input.prefix,
    async list() {
      const names = new Set([...input.names, ...(await discover())]);
      return [...names].sort().map(get);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
