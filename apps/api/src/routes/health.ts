import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../schemas/common.ts';

export type HealthDeps = {
  /** Resolves when the dependency answers; rejects otherwise. */
  checks: Record<'database' | 'redis', () => Promise<unknown>>;
};

const Ready = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: z.enum(['ok', 'down']), redis: z.enum(['ok', 'down']) }),
});

export const healthRoutes =
  (deps: HealthDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get(
      '/api/v1/health',
      {
        config: { access: 'public', rateLimit: false },
        schema: { tags: ['operations'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
      },
      () => ({ status: 'ok' as const }),
    );

    app.get(
      '/api/v1/ready',
      {
        config: { access: 'public', rateLimit: false },
        schema: { tags: ['operations'], summary: 'Readiness: database and Redis reachable', response: { 200: Ready, 503: Ready, ...errors(429) } },
      },
      async (_request, reply) => {
        const probe = async (fn: () => Promise<unknown>) => {
          try {
            await withTimeout(fn(), 2000);
            return 'ok' as const;
          } catch {
            return 'down' as const;
          }
        };
        const [database, redis] = await Promise.all([probe(deps.checks.database), probe(deps.checks.redis)]);
        const ready = database === 'ok' && redis === 'ok';
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { database, redis } });
      },
    );
  };

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
