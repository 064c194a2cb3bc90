import type { Prisma, PrismaClient } from '@pillar/db';
import type { Principal } from './principal.ts';

/** Where a change came from: filled from the request by the routes. */
export type RequestOrigin = { ip: string | null; userAgent: string | null; requestId: string | null };

export type AuditEntry = {
  actor: Principal | { kind: 'anonymous' | 'system'; label: string | null };
  action: string;
  target?: string | null;
  detail?: Prisma.InputJsonValue;
  origin: RequestOrigin;
};

export type AuditLog = { record(entry: AuditEntry, tx?: Pick<PrismaClient, 'auditLog'>): Promise<void> };

/** Every change is written to the append-only audit log, in the caller's transaction when it has one. */
export function createAuditLog(prisma: Pick<PrismaClient, 'auditLog'>): AuditLog {
  return {
    async record(entry, tx) {
      const actor = entry.actor;
      const isPrincipal = actor.kind === 'user' || actor.kind === 'token';
      await (tx ?? prisma).auditLog.create({
        data: {
          actorType: actor.kind,
          actorId: isPrincipal ? actor.id : null,
          actorLabel: actor.label,
          action: entry.action,
          target: entry.target ?? null,
          ...(entry.detail === undefined ? {} : { detail: entry.detail }),
          ip: entry.origin.ip?.slice(0, 64) ?? null,
          userAgent: entry.origin.userAgent?.slice(0, 512) ?? null,
          requestId: entry.origin.requestId,
        },
      });
    },
  };
}
