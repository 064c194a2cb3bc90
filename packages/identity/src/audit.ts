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

/** A position in the log, newest first: entries strictly older than (at, id) come next. */
export type AuditCursor = { at: Date; id: bigint };

export type AuditPage = {
  items: { id: bigint; at: Date; actorType: string; actorLabel: string | null; action: string; target: string | null; detail: unknown; ip: string | null; userAgent: string | null; requestId: string | null }[];
  nextCursor: AuditCursor | null;
};

/** One page of the audit log, newest first, walking the `at DESC` index (ties broken by id). */
export async function listAuditEntries(
  prisma: Pick<PrismaClient, 'auditLog'>,
  { cursor, limit }: { cursor: AuditCursor | null; limit: number },
): Promise<AuditPage> {
  const rows = await prisma.auditLog.findMany({
    where: cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {},
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? { at: last.at, id: last.id } : null };
}

/** Cursors are opaque to clients: `<epoch ms>.<id>` in base64url. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at.getTime()}.${cursor.id}`).toString('base64url');
}

/** The cursor, or null when the text is not one this server issued. */
export function decodeAuditCursor(text: string): AuditCursor | null {
  const match = /^(\d{1,15})\.(\d{1,19})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2]) return null;
  const id = BigInt(match[2]);
  if (id > 9223372036854775807n) return null;
  return { at: new Date(Number(match[1])), id };
}
