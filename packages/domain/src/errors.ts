/**
 * The few errors a route or service may throw on purpose. The error handler maps them by table to
 * CONTRACT.md's shape `{ error: { code, message } }`; anything else becomes a generic 500.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string) {
    super(400, 'invalid_request', message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid credential is required.') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role does not allow this.') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message = 'Too many requests; try again later.') {
    super(429, 'rate_limited', message);
  }
}
