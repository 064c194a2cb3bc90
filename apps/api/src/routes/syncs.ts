import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  failedSyncParts,
  SYNC_KINDS,
  SYNC_PART_STATUSES,
  SYNC_RUN_STATUSES,
  SYNC_SOURCES,
  syncRunDetail,
  syncRunsPage,
  type PrismaClient,
  type SyncPart,
  type SyncRun,
} from '@pillar/db';
import type { AuditLog } from '@pillar/identity';
import { NotFoundError } from '@pillar/domain';
import type { SyncStarter } from '../deps.ts';
import { originOf, principalOf } from '../plugins/access.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../read/cursor.ts';
import { AUTH_ERRORS, errors, IsoDate, Limit, Uuid } from '../schemas/common.ts';

export type SyncDeps = { prisma: PrismaClient; syncs: SyncStarter; audit: AuditLog };

const MESSAGE_MAX = 2000;

const SyncPartOut = z.object({
  source: z.enum(SYNC_SOURCES),
  accountId: z.string().describe("12-digit account, or '*' for an org-wide read"),
  region: z.string(),
  status: z.enum(SYNC_PART_STATUSES),
  itemsRead: z.number().int().nonnegative(),
  findingsRead: z.number().int().nonnegative().describe('Same as itemsRead (the web app reads this name)'),
  attempts: z.number().int().nonnegative(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});

const SyncErrorOut = z.object({
  source: z.enum(SYNC_SOURCES).nullable().describe('null for an error of the whole run'),
  accountId: z.string().nullable(),
  region: z.string().nullable(),
  code: z.string().nullable(),
  message: z.string(),
});

const SyncRunOut = z.object({
  id: Uuid,
  kind: z.enum(SYNC_KINDS),
  full: z.boolean(),
  status: z.enum(SYNC_RUN_STATUSES),
  asOf: IsoDate.describe('The day this run records'),
  requestedBy: z.string(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  findingsRead: z.number().int().nonnegative(),
  findingsWritten: z.number().int().nonnegative(),
  evaluationsRead: z.number().int().nonnegative(),
  progress: z.object({ total: z.number().int(), done: z.number().int(), failed: z.number().int() }).describe('Parts'),
  errors: z.array(SyncErrorOut),
  parts: z.array(SyncPartOut).optional().describe('In the detail only'),
});

type SyncRunBody = z.input<typeof SyncRunOut>;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const clip = (s: string | null) => (s === null ? null : s.slice(0, MESSAGE_MAX));

function errorsOf(run: SyncRun, failed: readonly SyncPart[]): SyncRunBody['errors'] {
  const out: SyncRunBody['errors'] = failed.map((p) => ({
    source: p.source as (typeof SYNC_SOURCES)[number],
    accountId: p.accountId,
    region: p.region,
    code: p.errorCode,
    message: clip(p.errorMessage) ?? p.errorCode ?? 'failed',
  }));
  if (run.error !== null) out.unshift({ source: null, accountId: null, region: null, code: null, message: clip(run.error) ?? '' });
  return out;
}

function runOut(run: SyncRun, failed: readonly SyncPart[]): SyncRunBody {
  return {
    id: run.id,
    // CHECK-constrained vocabularies in the database.
    kind: run.kind as (typeof SYNC_KINDS)[number],
    full: run.kind === 'full',
    status: run.status as (typeof SYNC_RUN_STATUSES)[number],
    asOf: run.asOf.toISOString().slice(0, 10),
    requestedBy: run.requestedBy,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    findingsRead: run.findingsRead,
    findingsWritten: run.findingsWritten,
    evaluationsRead: run.evaluationsRead,
    progress: { total: run.partsTotal, done: run.partsDone, failed: run.partsFailed },
    errors: errorsOf(run, failed),
  };
}

function partOut(p: SyncPart): z.input<typeof SyncPartOut> {
  return {
    source: p.source as (typeof SYNC_SOURCES)[number],
    accountId: p.accountId,
    region: p.region,
    status: p.status as (typeof SYNC_PART_STATUSES)[number],
    itemsRead: p.itemsRead,
    findingsRead: p.itemsRead,
    attempts: p.attempts,
    errorCode: p.errorCode,
    errorMessage: clip(p.errorMessage),
    startedAt: iso(p.startedAt),
    finishedAt: iso(p.finishedAt),
  };
}

export const syncRoutes =
  (deps: SyncDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const tags = ['syncs'];

    app.get(
      '/api/v1/syncs',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'Sync runs, newest first',
          querystring: z.object({ cursor: z.string().max(128).optional(), limit: Limit(100, 50) }),
          response: { 200: z.object({ items: z.array(SyncRunOut), nextCursor: z.string().nullable() }), ...AUTH_ERRORS },
        },
      },
      async (request) => {
        const after = request.query.cursor === undefined ? undefined : decodeTimeCursor(request.query.cursor);
        const { runs, hasMore } = await syncRunsPage(deps.prisma, { after, limit: request.query.limit });
        const failed = await failedSyncParts(
          deps.prisma,
          runs.filter((r) => r.partsFailed > 0).map((r) => r.id),
        );
        const last = runs.at(-1);
        return {
          items: runs.map((r) => runOut(r, failed.filter((p) => p.syncRunId === r.id))),
          nextCursor: hasMore && last !== undefined ? encodeTimeCursor(last.createdAt, last.id) : null,
        };
      },
    );

    app.get(
      '/api/v1/syncs/:id',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'One sync run with its parts (source x account x region) and their errors',
          params: z.object({ id: Uuid }),
          response: { 200: SyncRunOut, ...AUTH_ERRORS, ...errors(404) },
        },
      },
      async (request) => {
        const run = await syncRunDetail(deps.prisma, request.params.id);
        if (run === null) throw new NotFoundError(`No sync ${request.params.id}.`);
        return { ...runOut(run, run.parts.filter((p) => p.status === 'failed')), parts: run.parts.map(partOut) };
      },
    );

    app.post(
      '/api/v1/syncs',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Start a sync of every source, account and region, or join the one running',
          body: z
            .object({ full: z.boolean().optional().describe('A full reconciliation instead of an incremental pull') })
            .strict()
            // No body at all is an incremental sync (Fastify gives null for an empty request).
            .nullish(),
          response: {
            202: z.object({ id: Uuid, joined: z.boolean().describe('true when a queued or running sync was joined') }),
            ...AUTH_ERRORS,
            ...errors(413),
          },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const kind = request.body?.full === true ? 'full' : 'incremental';
        const requestedBy = `${principal.kind}:${principal.label}`;
        const { id, joined } = await deps.syncs.start({ kind, requestedBy });
        await deps.audit.record({ actor: principal, action: 'sync.start', target: id, detail: { kind, joined }, origin: originOf(request) });
        return reply.status(202).send({ id, joined });
      },
    );
  };
