import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { allows, csrfTokenFor, looksLikeToken, safeEqual, type Access, type Principal, type RequestOrigin } from '@pillar/identity';
import { ForbiddenError, UnauthorizedError } from '@pillar/domain';

export const SESSION_COOKIE = 'pillar_session';

/** What the access layer needs: turn a credential into a principal (null when unknown, revoked or expired). */
export type CredentialResolver = {
  resolveToken(secret: string): Promise<Principal | null>;
  resolveSession(secret: string): Promise<Principal | null>;
};

/** One row of the route table: what each route requires (tests walk it so that no route is forgotten). */
export type RouteAccess = { method: string; url: string; access: Access };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route registered so far with its declared access. */
    routeAccess: readonly RouteAccess[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when the caller authenticated with the session cookie: the raw session secret (never logged). */
    sessionSecret: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes registered by plugins that cannot declare access themselves: interactive docs only. */
const PLUGIN_PUBLIC_PREFIXES = ['/api/docs'];
const SCOPE_ACCESS = Symbol('pillar.scopeAccess');

/**
 * For a third-party plugin whose routes cannot carry `config.access` (Bull Board, @fastify/static): every route
 * registered inside `scope`, an encapsulated context, and its children gets `access`, unless it declares its own.
 * The declaration sits where the plugin is registered, and the routes appear in the access table as usual.
 */
export function declareScopeAccess(scope: FastifyInstance, access: Access): void {
  Object.defineProperty(scope, SCOPE_ACCESS, { value: access, enumerable: false });
}

function scopeAccessOf(instance: FastifyInstance): Access | undefined {
  return (instance as FastifyInstance & { [SCOPE_ACCESS]?: Access })[SCOPE_ACCESS];
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

/** Where a change came from, for the audit log: the client address (per trustProxy), user agent, request id. */
export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent : null, requestId: request.id };
}

/**
 * Every route declares its access (`public`, `viewer` or `admin`) in its own options; this plugin turns the
 * declaration into an onRequest hook. A route that declares nothing fails at boot, so none is left open by
 * forgetting.
 */
export function registerAccess(app: FastifyInstance, resolver: CredentialResolver, csrfKey: string): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionSecret', null);
  const table: RouteAccess[] = [];
  app.decorate('routeAccess', table);

  async function authenticate(request: FastifyRequest): Promise<Principal | null> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1] || !looksLikeToken(match[1])) return null;
      return resolver.resolveToken(match[1]);
    }
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return null;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return null;
    const principal = await resolver.resolveSession(unsigned.value);
    if (principal) request.sessionSecret = unsigned.value;
    return principal;
  }

  const hooks: Record<Exclude<Access, 'public'>, onRequestAsyncHookHandler> = {
    viewer: guard('viewer'),
    admin: guard('admin'),
  };

  function guard(needed: 'viewer' | 'admin'): onRequestAsyncHookHandler {
    return async (request) => {
      const principal = await authenticate(request);
      if (!principal) throw new UnauthorizedError();
      request.principal = principal;
      if (request.sessionSecret && !SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        const expected = csrfTokenFor(request.sessionSecret, csrfKey);
        if (typeof sent !== 'string' || !safeEqual(sent, expected)) {
          throw new ForbiddenError('A change made with a session cookie needs the x-csrf-token header.');
        }
      }
      if (!allows(principal.role, needed)) throw new ForbiddenError();
    };
  }

  /** Public routes still learn who is calling when a credential is present (logout, login audit). */
  const identifyOptional: onRequestAsyncHookHandler = async (request) => {
    request.principal = await authenticate(request);
  };

  // `this` is the context the route is registered in: child contexts inherit a scope's declared access.
  app.addHook('onRoute', function (route) {
    const declared = route.config?.access ?? scopeAccessOf(this);
    const access: Access | undefined =
      declared ?? (PLUGIN_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p)) ? 'public' : undefined);
    if (!access) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access)`);
    }
    route.config = { ...route.config, access };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
    const hook = access === 'public' ? identifyOptional : hooks[access];
    const existing = route.onRequest;
    route.onRequest = existing === undefined ? [hook] : [hook, ...(Array.isArray(existing) ? existing : [existing])];
  });
}
