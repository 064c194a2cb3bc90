import type { PrismaClient } from '@pillar/db';
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
  const [{ ConfigError, loadStorageEnv }, { createPrisma, parseDatabaseUrl }, { createAuditLog, createIdentity }, { Redis }] = await Promise.all([
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
      const target = parseDatabaseUrl(env.DATABASE_URL);
      throw usageError(`DATABASE_URL: cannot connect to database "${target.database}" at ${target.server}: ${databaseProblem(error)}`);
    }
    const audit = createAuditLog(prisma);
    return await work({ identity: createIdentity({ prisma, redis, redisPrefix: 'pillar:', audit }), prisma });
  } finally {
    await prisma.$disconnect().catch(() => undefined);
    redis.disconnect();
  }
}

/** The first line of an error's message (or of its cause's), for one-line reports. */
export function describe(error: unknown): string {
  const inner = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = typeof inner === 'object' && inner !== null && 'code' in inner ? String(inner.code) : '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  const message = inner instanceof Error ? inner.message : String(inner);
  return (message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim();
}

/** Why Prisma could not reach the database, in a few words (its driver-adapter errors carry a `kind`). */
function databaseProblem(error: unknown): string {
  const meta = typeof error === 'object' && error !== null && 'meta' in error ? (error.meta as Record<string, unknown> | undefined) : undefined;
  const cause = (meta?.driverAdapterError as { cause?: { kind?: string; originalMessage?: string } } | undefined)?.cause;
  switch (cause?.kind) {
    case 'DatabaseNotReachable':
      return 'not reachable (is Postgres running there?)';
    case 'DatabaseDoesNotExist':
      return 'the database does not exist (run `pnpm db:migrate`)';
    case 'AuthenticationFailed':
    case 'DatabaseAccessDenied':
      return 'access denied (check the user and password)';
    case undefined:
      return describe(error);
    default:
      return cause?.originalMessage ?? cause?.kind ?? 'unknown error';
  }
}
