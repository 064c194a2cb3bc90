import type { PrismaClient } from '@pillar/db';
import { databaseUnreachable, describeFailure } from '@pillar/db/problems';
import type { AuditActor, Identity, RequestOrigin, Role } from '@pillar/identity';

// Kept light on purpose: the heavy modules (Prisma, ioredis, the identity service) are loaded by the command
// that needs them, so `pillar --help` and usage errors answer at once.

/** CONTRACT.md's exit codes of the `pillar` CLI. */
export const EXIT = { done: 0, failed: 1, partial: 2, usage: 3 } as const;

export const ROLE_CHOICES: readonly Role[] = ['viewer', 'admin'];

/** Ends a command: the message is printed as one line on stderr, the process exits with the code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage or configuration problem (exit 3). */
export const usageError = (message: string) => new CliError(message, EXIT.usage);

/** Changes made from the command line are audited as the system actor `cli`. */
export const CLI_ACTOR: AuditActor = { kind: 'system', label: 'cli' };
export const CLI_ORIGIN: RequestOrigin = { ip: null, userAgent: 'pillar-cli', requestId: null };

/** The domain's errors (NotFound, Conflict, ...) carry an HTTP-like status; matched by shape to stay lazy. */
export function appErrorStatus(error: unknown): number | null {
  return error instanceof Error && 'status' in error && typeof error.status === 'number' ? error.status : null;
}

export type IdentityContext = { identity: Identity; prisma: PrismaClient };

/**
 * Runs `work` with the identity service over DATABASE_URL, then disconnects. Redis is handed over unconnected
 * (user and token commands never touch it: it only counts failed logins).
 */
export async function withIdentity<T>(work: (ctx: IdentityContext) => Promise<T>): Promise<T> {
  const [{ ConfigError, loadStorageEnv }, { createPrisma }, { createAuditLog, createIdentity }, { Redis }] = await Promise.all([
    import('@pillar/config'),
    import('@pillar/db'),
    import('@pillar/identity'),
    import('ioredis'),
  ]);
  let env;
  try {
    env = loadStorageEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw usageError(error.message);
    throw error;
  }
  const prisma = createPrisma(env.DATABASE_URL, { max: 2 });
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true });
  try {
    try {
      await prisma.$queryRaw`SELECT 1`;
    } catch (error) {
      throw usageError(databaseUnreachable(env.DATABASE_URL, error));
    }
    const audit = createAuditLog(prisma);
    return await work({ identity: createIdentity({ prisma, redis, redisPrefix: 'pillar:', audit }), prisma });
  } finally {
    await prisma.$disconnect().catch(() => undefined);
    redis.disconnect();
  }
}

/** The first line of an error's message (or of its cause's), for one-line reports. */
export const describe = describeFailure;
