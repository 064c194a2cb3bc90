import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CredentialResolver } from './plugins/access.ts';
import { registerAccess } from './plugins/access.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerSecurity } from './plugins/security.ts';
import { healthRoutes, type HealthDeps } from './routes/health.ts';
import type { Redis } from 'ioredis';

export type AppConfig = {
  /** Signs the session cookie and keys the CSRF tokens; at least 32 characters. */
  sessionSecret: string;
  rateLimitPerMinute: number;
  /** Prefix of every Redis key the API writes (rate limits, login throttles). */
  redisPrefix: string;
  /** HTTPS is terminated by this process or a trusted proxy: cookies get `Secure`, HSTS is sent. */
  secure: boolean;
  trustProxy: string[] | false;
  version: string;
  logger: FastifyServerOptions['logger'];
};

export type AppDeps = HealthDeps & {
  redis: Redis;
  credentials: CredentialResolver;
  routes?: (app: FastifyInstance) => Promise<void>;
};

/** Paths whose values never reach a log line. */
export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'body.password',
  'body.secret',
];

/** The composition root shared by the server and the tests. */
export async function buildApp(config: AppConfig, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logger,
    trustProxy: config.trustProxy === false ? false : config.trustProxy,
    bodyLimit: 64 * 1024,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(cookie, { secret: config.sessionSecret, hook: 'onRequest' });
  registerAccess(app, deps.credentials, config.sessionSecret);
  await registerSecurity(app, {
    rateLimitPerMinute: config.rateLimitPerMinute,
    redis: deps.redis,
    keyPrefix: config.redisPrefix,
    hsts: config.secure,
  });
  await registerOpenApi(app, config.version);

  await app.register(healthRoutes(deps));
  if (deps.routes) await deps.routes(app);

  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    () => app.swagger(),
  );
  return app;
}
