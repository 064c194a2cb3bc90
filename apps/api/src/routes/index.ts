import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { accountRoutes } from './accounts.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { controlRoutes } from './controls.ts';
import { domainOverrideRoutes } from './domain-overrides.ts';
import { findingRoutes } from './findings.ts';
import { healthRoutes } from './health.ts';
import { meRoutes } from './me.ts';
import { postureRoutes } from './posture.ts';
import { reviewRoutes } from './reviews.ts';
import { syncRoutes } from './syncs.ts';
import { tokenRoutes } from './tokens.ts';
import { trendRoutes } from './trends.ts';
import { userRoutes } from './users.ts';

/** Every route module, each a plugin taking the narrowed dependencies it uses. */
export async function registerRoutes(app: FastifyInstance, config: AppConfig, deps: AppDeps): Promise<void> {
  await app.register(
    healthRoutes({
      checks: {
        database: () => deps.prisma.$queryRaw`SELECT 1`,
        redis: () => deps.redis.ping(),
      },
    }),
  );
  await app.register(authRoutes({ identity: deps.identity, sessionSecret: config.sessionSecret, secure: config.secure }));
  await app.register(meRoutes({ sessionSecret: config.sessionSecret }));
  await app.register(userRoutes({ identity: deps.identity }));
  await app.register(tokenRoutes({ identity: deps.identity }));
  await app.register(auditRoutes({ prisma: deps.prisma }));
  await app.register(postureRoutes({ prisma: deps.prisma }));
  await app.register(accountRoutes({ prisma: deps.prisma }));
  await app.register(controlRoutes({ prisma: deps.prisma }));
  await app.register(findingRoutes({ prisma: deps.prisma }));
  await app.register(trendRoutes({ prisma: deps.prisma }));
  await app.register(reviewRoutes({ prisma: deps.prisma }));
  await app.register(syncRoutes({ prisma: deps.prisma, syncs: deps.syncs, audit: deps.audit }));
  await app.register(domainOverrideRoutes({ prisma: deps.prisma, audit: deps.audit }));
}
