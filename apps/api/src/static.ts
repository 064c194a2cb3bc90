import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite puts content-hashed files here: a new build gives new names, so they can be cached for good. */
const HASHED_DIR = 'assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) is revalidated on each load, so a deploy shows at once. */
const REVALIDATE = 'no-cache';

/** The built web app of this checkout (`pnpm build`), when it exists. */
export function defaultWebRoot(): string | null {
  const root = fileURLToPath(new URL('../../web/dist/', import.meta.url));
  return existsSync(path.join(root, 'index.html')) ? root : null;
}

/** The file under the root a URL path names, or null when it names none (or tries to leave the root). */
async function fileFor(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  if (relative === '' || relative.startsWith('..') || relative.split('/').some((part) => part.startsWith('.'))) return null;
  try {
    return (await stat(path.join(root, relative))).isFile() ? relative : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built dashboard: its files, and index.html for any other GET path outside /api (client-side
 * routes such as /accounts/123456789012). Unknown /api paths and missing hashed assets stay JSON 404s.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  // Only the reply.sendFile decorator: the routes below declare their access like every other route.
  await app.register(fastifyStatic, { root, serve: false, index: false, cacheControl: false, dotfiles: 'deny' });

  app.get(
    '/*',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const urlPath = request.url.split('?')[0] ?? '/';
      if (urlPath === '/api' || urlPath.startsWith('/api/')) return reply.callNotFound();
      const file = await fileFor(root, urlPath);
      if (file) {
        reply.header('cache-control', file.startsWith(HASHED_DIR) ? IMMUTABLE : REVALIDATE);
        return reply.sendFile(file);
      }
      // A missing hashed asset is a stale page asking for an old build: HTML in its place would be cached.
      if (urlPath.startsWith(`/${HASHED_DIR}`)) return reply.callNotFound();
      reply.header('cache-control', REVALIDATE);
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    },
  );
}
