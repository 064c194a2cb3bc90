import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

export type SecurityOptions = {
  /** Requests per minute per credential (or per IP without one). */
  rateLimitPerMinute: number;
  redis: Redis;
  /** Redis key prefix, so two deployments or test runs never share counters. */
  keyPrefix: string;
  hsts: boolean;
};

/** The rate-limit key: the credential when there is one, else the client address. */
export function rateLimitKey(request: FastifyRequest): string {
  const p = request.principal;
  return p ? `${p.kind}:${p.id}` : `ip:${request.ip}`;
}

export async function registerSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    // The dashboard loads only its own scripts, styles and data; nothing may frame it.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: opts.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  await app.register(rateLimit, {
    global: true,
    // After authentication (onRequest), so the key is the credential, not a shared proxy address.
    hook: 'preHandler',
    max: opts.rateLimitPerMinute,
    timeWindow: 60_000,
    redis: opts.redis,
    nameSpace: `${opts.keyPrefix}rl:`,
    keyGenerator: rateLimitKey,
    skipOnError: false,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: { code: 'rate_limited', message: `Too many requests; retry in ${ctx.after}.` },
    }),
  });
}
