import fc from 'fast-check';
import { afterAll, describe, it, vi } from 'vitest';
import { check } from './check.ts';
import { expectSoundAnswer, schemaOf, send } from './http.ts';
import { junkRequest } from './junk-requests.ts';
import { fuzzSuite, keyOf } from './suite.ts';

// Junk for every route of the app's own table: wrong types, huge values, odd unicode, arrays for scalars, unknown
// fields, malformed JSON, wrong content types. Never a 5xx or a stack trace; a 4xx is the contract's error shape;
// a 2xx (junk that happens to be valid) still matches the route's response schema.

// Every Fastify instance reports its routes' options (zod schemas included) as they are registered.
vi.mock('fastify', async (importOriginal) => (await import('./capture.ts')).capturingFastify(await importOriginal()));

const RUNS = 30;
/** HEAD mirrors GET (Fastify's exposeHeadRoutes): a few runs show it behaves; the GET's runs cover the inputs. */
const HEAD_RUNS = 3;
/** Bull Board's and the interactive docs' routes: vendor code behind our access check and error shape. */
const VENDOR_RUNS = 5;

const { world, routes } = await fuzzSuite(7);
afterAll(async () => {
  await world.close();
});

describe('junk inputs: never a 5xx, a 4xx in the contract shape, or a 2xx that matches the schema', () => {
  for (const route of routes) {
    const runs = route.method === 'HEAD' ? HEAD_RUNS : /^\/(admin\/queues|api\/docs)/.test(route.url) ? VENDOR_RUNS : RUNS;
    it(keyOf(route), async () => {
      const schema = schemaOf(route.method === 'HEAD' ? 'GET' : route.method, route.url);
      await check(
        fc.asyncProperty(junkRequest(route.method, route.url, schema, world.facts, world.admin), async (req) => {
          const res = await send(world.t, req);
          expectSoundAnswer(res, route.method, route.url, `${keyOf(route)} ${req.url.slice(0, 200)}`);
        }),
        runs,
      );
    });
  }
});
