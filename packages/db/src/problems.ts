import { parseDatabaseUrl } from './database-url.ts';

/** A failed system call or connection in a few words ("connection refused"), else the first line of its message. */
export function describeFailure(error: unknown): string {
  const inner = error instanceof Error && error.cause !== undefined && !('code' in error) ? error.cause : error;
  const code = typeof inner === 'object' && inner !== null && 'code' in inner ? String(inner.code) : '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ETIMEDOUT') return 'timed out';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  const message = inner instanceof Error ? inner.message : String(inner);
  return (message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim();
}

/** Why Prisma could not reach the database, in a few words (its driver-adapter errors carry a `kind`). */
export function databaseProblem(error: unknown): string {
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
      return describeFailure(error);
    default:
      return cause?.originalMessage ?? cause?.kind ?? 'unknown error';
  }
}

/** The one line an operator reads when the first query fails: which variable, which database, why; no password. */
export function databaseUnreachable(databaseUrl: string, error: unknown): string {
  const target = parseDatabaseUrl(databaseUrl);
  return `DATABASE_URL: cannot connect to database "${target.database}" at ${target.server}: ${databaseProblem(error)}`;
}
