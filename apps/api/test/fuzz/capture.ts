import type * as FastifyNamespace from 'fastify';
import type { FastifyInstance, FastifySchema } from 'fastify';

/**
 * What a test learns of every route as the app registers it: the options' schema (zod: params, querystring, body,
 * response per status). Filled by an onRoute hook that `capturingFastify` adds to each instance at creation,
 * before any plugin or route, so nothing registered later escapes it.
 */
export type CapturedRoute = { method: string; url: string; schema: FastifySchema | undefined };

export const captured: CapturedRoute[] = [];

/** When on, every request is answered 400 before anything else runs: the "answers 400 to everything" product. */
export const sabotage = { answer400: false };

type FastifyModule = typeof FastifyNamespace;

/**
 * The fastify module with its factory wrapped (for `vi.mock('fastify', ...)`): each instance gets the capturing
 * onRoute hook and the sabotage switch. Everything else is the real module.
 */
export function capturingFastify(actual: FastifyModule): FastifyModule {
  const factory = ((options?: object) => {
    const app = (actual.default as unknown as (o?: object) => FastifyInstance)(options);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) captured.push({ method, url: route.url, schema: route.schema });
    });
    app.addHook('onRequest', (_request, reply, done) => {
      if (!sabotage.answer400) return done();
      void reply.code(400).send({ error: { code: 'invalid_request', message: 'Sabotaged: everything is a bad request.' } });
    });
    return app;
  }) as unknown as FastifyModule['default'];
  return { ...actual, default: factory, fastify: factory };
}
