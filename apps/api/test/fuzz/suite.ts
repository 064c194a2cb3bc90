import type { RouteAccess } from '../../src/plugins/access.ts';
import { SEED } from './check.ts';
import type { Plan } from './valid-requests.ts';
import { startWorld, type World } from './world.ts';

export type FuzzSuite = {
  world: World;
  /** The app's own route table (OPTIONS aside: Fastify answers it for CORS preflight, no route of ours). */
  routes: RouteAccess[];
  credentials: Record<'admin' | 'viewer', Record<string, string>>;
};

export const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** The credential a route's access level asks for. */
export const defaultAs = (r: RouteAccess): Plan['as'] => (r.access === 'public' ? 'none' : r.access);

/** The synced world and the route table, for one test file (call with top-level await: tests are made per route). */
export async function fuzzSuite(seed: number): Promise<FuzzSuite> {
  const world = await startWorld({ seed });
  console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  return {
    world,
    routes: world.t.app.routeAccess.filter((r) => r.method !== 'OPTIONS'),
    credentials: { admin: world.admin, viewer: world.viewer },
  };
}
