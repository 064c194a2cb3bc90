/**
 * Why a migration run stopped. Configuration-like codes (the URL, the server, the right to create the
 * database) are the operator's to fix; the others concern the migrations themselves.
 */
export type MigrateErrorCode =
  | 'INVALID_URL'
  | 'UNREACHABLE'
  | 'CREATE_DATABASE_DENIED'
  | 'MIGRATIONS_DIR'
  | 'FAILED_MIGRATION_RECORDED'
  | 'CHECKSUM_MISMATCH'
  | 'MIGRATION_FAILED';

export class MigrateError extends Error {
  override readonly name = 'MigrateError';

  constructor(
    readonly code: MigrateErrorCode,
    message: string,
    /** The migration concerned, when there is one. */
    readonly migrationName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the database URL or the server is at fault rather than a migration. */
  get isConfiguration(): boolean {
    return this.code === 'INVALID_URL' || this.code === 'UNREACHABLE' || this.code === 'CREATE_DATABASE_DENIED';
  }
}

/** The SQLSTATE of a Postgres error, or the Node error code of a socket error (ECONNREFUSED, ...). */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorMessage(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}
