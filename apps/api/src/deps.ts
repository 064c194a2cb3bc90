import type { PrismaClient } from '@pillar/db';
import { createAuditLog, createIdentity, type AuditLog, type Identity } from '@pillar/identity';
import type { Redis } from 'ioredis';

/** Starts a sync, or joins the one already queued or running (CONTRACT.md: `POST /api/v1/syncs`). */
export type SyncStarter = {
  start(input: { kind: 'incremental' | 'full'; requestedBy: string; asOf?: string }): Promise<{ id: string; joined: boolean }>;
};

/** Everything the API needs from outside, passed in by `server.ts` and by the tests alike. */
export type AppDeps = {
  prisma: PrismaClient;
  redis: Redis;
  identity: Identity;
  audit: AuditLog;
  syncs: SyncStarter;
};

/** The production wiring of the identity and audit services over one Prisma client and one Redis connection. */
export function createAppDeps(input: { prisma: PrismaClient; redis: Redis; redisPrefix: string; syncs: SyncStarter }): AppDeps {
  const audit = createAuditLog(input.prisma);
  const identity = createIdentity({ prisma: input.prisma, redis: input.redis, redisPrefix: input.redisPrefix, audit });
  return { prisma: input.prisma, redis: input.redis, identity, audit, syncs: input.syncs };
}
