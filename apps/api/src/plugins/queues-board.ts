import { createBullBoard } from '@bull-board/api';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { QueueDirectory } from '../queues.ts';
import { declareScopeAccess } from './access.ts';

export const QUEUES_BOARD_PATH = '/admin/queues';

/**
 * The board's own CSP, on its routes only: the dashboard's, plus inline styles (the board's React code and its
 * loading screen set them). Scripts stay 'self' only; its Google Fonts stylesheet stays blocked (no third-party
 * requests from an admin page), so the board falls back to system fonts.
 */
const BOARD_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
};

/**
 * A 4xx body of Bull Board's (`{ error: { key: 'ERRORS.QUEUE_NOT_FOUND' } }`, or `{ error: 'text' }`) in the API's
 * error shape: `{ error: { code: 'queue_not_found', message: 'Queue not found.' } }`. Others pass unchanged.
 */
export function boardError(status: number, payload: unknown): unknown {
  if (status < 400 || status >= 500 || typeof payload !== 'string') return payload;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return payload;
  }
  const error = (body as { error?: unknown } | null)?.error;
  const inner = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : null;
  if (typeof inner?.code === 'string' && typeof inner.message === 'string') return payload;
  const key = typeof inner?.key === 'string' ? inner.key : typeof error === 'string' ? error : 'invalid_request';
  const words = key.replace(/^ERRORS\./, '').replace(/[^A-Za-z0-9]+/g, ' ').trim().toLowerCase();
  const code = words.replace(/ /g, '_') || 'invalid_request';
  const message = `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
  return JSON.stringify({ error: { code, message: message === '.' ? 'The request could not be processed.' : message } });
}

/** Read-only: retrying or removing a job by hand would bypass a sync's bookkeeping (its parts, the watchdog). */
const adapt = (queue: Queue) => new BullMQAdapter(queue, { readOnlyMode: true });

/**
 * Bull Board at /admin/queues, for admins only. Its routes (and those of the @fastify/static it registers) cannot
 * carry `config.access`, so the encapsulated scope declares it for all of them (access.ts); they are guarded and
 * listed in the access table like any other admin route. Their errors keep the API's error shape: Bull Board's
 * own error handler would answer a refused credential with its shape, and a 500 with the raw message.
 */
export async function registerQueuesBoard(app: FastifyInstance, queues: Pick<QueueDirectory, 'list'>): Promise<void> {
  await app.register(async (scope) => {
    declareScopeAccess(scope, 'admin');
    const pillarErrors = scope.errorHandler;
    scope.addHook('onRoute', (route) => {
      // @fastify/helmet reads a route's own options from `config.helmet` (its onRoute hook ran before this one).
      route.config = Object.assign({}, route.config, { helmet: BOARD_HELMET });
      route.errorHandler = function (this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
        // A browser that went away mid-asset: nothing to answer (what @fastify/static's own handler does).
        if (error.code === 'ERR_STREAM_PREMATURE_CLOSE') {
          request.raw.destroy();
          return;
        }
        return pillarErrors.call(this, error, request, reply);
      };
    });

    // The board answers its own refusals (no such queue, a read-only queue) as `{ error: { key } }`: ours instead.
    scope.addHook('onSend', (_request, reply, payload, done) => done(null, boardError(reply.statusCode, payload)));

    const shown = new Set<string>();
    const initial = await queues.list();
    for (const q of initial) shown.add(q.name);
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUES_BOARD_PATH);
    const board = createBullBoard({
      queues: initial.map(adapt),
      // @bull-board/fastify 9.10.1 is typed against @bull-board/api 9.10.1 (private fields differ); same methods.
      serverAdapter: serverAdapter as unknown as IServerAdapter,
      options: { uiConfig: { boardTitle: 'Pillar queues', hideDocsLink: true } },
    });
    // A queue that appeared since (a worker reading a new region) shows on the next load; after the access check.
    scope.addHook('preHandler', async () => {
      for (const q of await queues.list()) {
        if (shown.has(q.name)) continue;
        shown.add(q.name);
        board.addQueue(adapt(q));
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUES_BOARD_PATH });
  });
}
