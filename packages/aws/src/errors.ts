import { ERROR_CODE_KINDS, NETWORK_ERROR_CODES, kindForHttpStatus, sanitizeDetail } from './error-codes.ts';

// The one error type that leaves this package. Every SDK, network or credential error is mapped here by table,
// so callers branch on `kind` and `retryable`, never on SDK class names.

export type AwsErrorKind =
  | 'throttled'
  | 'access-denied'
  | 'not-enabled'
  | 'invalid-input'
  | 'not-found'
  | 'unavailable'
  | 'unknown';

export interface AwsErrorContext {
  /** The AWS operation, e.g. `GetFindings`. */
  operation: string;
  region: string;
  accountId?: string;
}

const RETRYABLE: ReadonlySet<AwsErrorKind> = new Set(['throttled', 'unavailable']);

export class AwsCollectorError extends Error {
  override readonly name = 'AwsCollectorError';
  readonly kind: AwsErrorKind;
  readonly retryable: boolean;
  readonly operation: string;
  readonly region: string;
  readonly accountId: string | undefined;
  /** AWS error code or Node.js network code (`AccessDeniedException`, `ECONNREFUSED`): an identifier, not a secret. */
  readonly code: string;
  readonly httpStatus: number | undefined;
  // Private, so that loggers serialising the error never walk into the SDK response or request.
  readonly #cause: unknown;

  constructor(
    kind: AwsErrorKind,
    ctx: AwsErrorContext & { code: string; detail: string; httpStatus?: number | undefined },
    cause?: unknown,
  ) {
    const where = ctx.accountId ? `${ctx.region}, account ${ctx.accountId}` : ctx.region;
    super(`${ctx.operation} (${where}) failed: ${kind} [${ctx.code}] ${ctx.detail}`.trimEnd());
    this.kind = kind;
    this.retryable = RETRYABLE.has(kind);
    this.operation = ctx.operation;
    this.region = ctx.region;
    this.accountId = ctx.accountId;
    this.code = ctx.code;
    this.httpStatus = ctx.httpStatus;
    this.#cause = cause;
  }

  /** The original error, for debugging only: it may carry request details. Never log or return it as is. */
  internalCause(): unknown {
    return this.#cause;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      retryable: this.retryable,
      operation: this.operation,
      region: this.region,
      accountId: this.accountId,
      code: this.code,
      httpStatus: this.httpStatus,
      message: this.message,
    };
  }
}

export function isAwsCollectorError(err: unknown): err is AwsCollectorError {
  return err instanceof AwsCollectorError;
}

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

function shapeOf(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? err : {};
}

function networkCode(err: unknown, depth = 0): string | undefined {
  const shape = shapeOf(err);
  if (typeof shape.code === 'string' && NETWORK_ERROR_CODES.has(shape.code)) return shape.code;
  return depth < 5 && shape.cause !== undefined ? networkCode(shape.cause, depth + 1) : undefined;
}

/** Maps anything thrown by an SDK call (or by the network under it) to an AwsCollectorError. */
export function toCollectorError(err: unknown, ctx: AwsErrorContext): AwsCollectorError {
  if (err instanceof AwsCollectorError) return err;
  const shape = shapeOf(err);
  const name = typeof shape.name === 'string' ? shape.name : '';
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const message = typeof shape.message === 'string' ? shape.message : typeof err === 'string' ? err : '';
  const netCode = networkCode(err);

  let kind: AwsErrorKind | undefined = ERROR_CODE_KINDS[name];
  if (!kind && netCode) kind = 'unavailable';
  if (!kind && shape.$retryable) kind = shape.$retryable.throttling === true ? 'throttled' : 'unavailable';
  if (!kind && status !== undefined) kind = kindForHttpStatus(status);
  kind ??= 'unknown';

  const code = netCode && !ERROR_CODE_KINDS[name] ? netCode : name || netCode || 'Error';
  return new AwsCollectorError(kind, { ...ctx, code, detail: sanitizeDetail(message), httpStatus: status }, err);
}
