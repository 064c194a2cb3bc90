import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PrismaClient } from '@pillar/db';
import { ValidationError } from '@pillar/domain';
import { decodeAuditCursor, encodeAuditCursor, listAuditEntries } from '@pillar/identity';
import { AUTH_ERRORS, Limit } from '../schemas/common.ts';

export type AuditDeps = { prisma: Pick<PrismaClient, 'auditLog'> };

const Query = z.object({
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  limit: Limit(200, 50),
});

const Entry = z.object({
  id: z.string().describe('Increasing with time of writing'),
  at: z.iso.datetime(),
  actorType: z.enum(['user', 'token', 'system', 'anonymous']),
  actorLabel: z.string().nullable().describe('Email, token name, or the system part (cli, worker)'),
  action: z.string().describe('e.g. auth.login, auth.login_failed, token.create, user.update, sync.start'),
  target: z.string().nullable(),
  detail: z.unknown().describe('Action-specific JSON, or null'),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const auditRoutes =
  (deps: AuditDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get(
      '/api/v1/audit',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['audit'],
          summary: 'The audit log, newest first',
          querystring: Query,
          response: { 200: z.object({ items: z.array(Entry), nextCursor: z.string().nullable() }), ...AUTH_ERRORS },
        },
      },
      async (request) => {
        const { cursor: text, limit } = request.query;
        const cursor = text === undefined ? null : decodeAuditCursor(text);
        if (text !== undefined && !cursor) throw new ValidationError('Invalid query field "cursor": not a cursor from this API.');
        const page = await listAuditEntries(deps.prisma, { cursor, limit });
        return {
          items: page.items.map((e) => ({
            ...e,
            id: e.id.toString(),
            at: e.at.toISOString(),
            actorType: e.actorType as z.infer<typeof Entry>['actorType'],
            detail: e.detail ?? null,
          })),
          nextCursor: page.nextCursor ? encodeAuditCursor(page.nextCursor) : null,
        };
      },
    );
  };
