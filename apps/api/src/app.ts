import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyLoggerOptions, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.ts';
import { registerAccess } from './plugins/access.ts';
import { bareSecurityHeaders, clientErrorHandler } from './plugins/client-errors.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { createApiMetrics, metricsRoutes, registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerQueuesBoard } from './plugins/queues-board.ts';
import { createResponseSerializerCompiler } from './plugins/response-serializer.ts';
import { registerSecurity } from './plugins/security.ts';
import { createQueueDirectory } from './queues.ts';
import { registerRoutes } from './routes/index.ts';
import { registerWebApp } from './static.ts';

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
  /** HTTPS served by this process (PEM certificate chain and key); set `secure` with it. */
  tls?: { cert: string | Buffer; key: string | Buffer } | null;
  /** The built web app to serve (`defaultWebRoot()` finds apps/web/dist); null or unset serves the API alone. */
  webRoot?: string | null;
  /** The workers' BullMQ prefix: their queues' depths (/metrics), Bull Board, their shared counters. */
  queuePrefix: string;
  /** The queues the configured regions imply; others are found in Redis. */
  queueNames: readonly string[];
  /**
   * Also check every response body with its Zod schema (a 500 when it does not match) and the compiled JSON against
   * Zod's: on in the tests, PILLAR_CHECK_RESPONSES in development, off (unset) in production. See
   * plugins/response-serializer.ts.
   */
  checkResponses?: boolean;
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

/**
 * The production logger: pino with the REDACT paths censored. Tests pass a stream to read what would be
 * logged; everything else is the same.
 */
export function loggerOptions(level = 'info', stream?: FastifyLoggerOptions['stream']): FastifyServerOptions['logger'] {
  return { level, redact: { paths: REDACT, censor: '[redacted]' }, ...(stream ? { stream } : {}) };
}

/** The composition root shared by the server and the tests. */
export type { AppDeps } from './deps.ts';

/** Largest request body accepted (413 above): every body of this API is a small JSON object. */
export const BODY_LIMIT = 64 * 1024;

export async function buildApp(config: AppConfig, deps: AppDeps): Promise<FastifyInstance> {
  const options = {
    logger: config.logger,
    trustProxy: config.trustProxy === false ? false : config.trustProxy,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Requests Node's HTTP parser refuses (headers over 16 KB, a malformed request line): the contract's shape too.
    clientErrorHandler: clientErrorHandler(config.secure),
    // Errors raised before routing (a malformed URL, a path parameter too long) get the contract's error shape too.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void (reply as unknown as FastifyReply)
        .code(tooLong ? 414 : 400)
        .header('content-type', 'application/json; charset=utf-8')
        // Answered before any hook ran: helmet's headers are not there yet.
        .headers(bareSecurityHeaders(config.secure))
        .send(JSON.stringify({ error: { code: 'invalid_request', message: tooLong ? 'A path parameter is too long.' : 'The URL is malformed.' } }));
    },
  } satisfies FastifyServerOptions;
  // An HTTPS instance has another server type parameter; routes only see requests and replies, the same.
  const base = config.tls ? (Fastify({ ...options, https: config.tls }) as unknown as FastifyInstance) : Fastify(options);
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Compiled from each route's Zod response schema (fast-json-stringify): Zod's validation costs more than a read's
  // whole budget on a long trend, so production relies on the tests, which run with checkResponses on.
  app.setSerializerCompiler(createResponseSerializerCompiler({ checkWithZod: config.checkResponses ?? false }));
  registerErrorHandler(app);
  // Every answer names its request id: what an operator searches the log for when a user reports an error.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  const queues = createQueueDirectory({
    redis: deps.redis,
    prefix: config.queuePrefix,
    names: config.queueNames,
    onError: (err) => app.log.warn({ err }, 'queue connection error'),
  });
  app.addHook('onClose', () => queues.close());
  const metrics = createApiMetrics({ prisma: deps.prisma, redis: deps.redis, queues, log: app.log });
  registerMetrics(app, metrics);

  await app.register(cookie, { secret: config.sessionSecret, hook: 'onRequest' });
  registerAccess(app, deps.identity, config.sessionSecret);
  await registerSecurity(app, {
    rateLimitPerMinute: config.rateLimitPerMinute,
    redis: deps.redis,
    keyPrefix: config.redisPrefix,
    hsts: config.secure,
  });
  await registerOpenApi(app, config.version);

  await registerRoutes(app, config, deps);
  await app.register(metricsRoutes(metrics));
  await registerQueuesBoard(app, queues);

  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    () => app.swagger(),
  );
  // Last: its GET /* must not shadow a route, and /api paths it does not know stay JSON 404s.
  if (config.webRoot) await registerWebApp(app, config.webRoot);
  return app;
}
