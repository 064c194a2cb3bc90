import type { ServerResponse } from 'node:http';
import type { AwsError } from '../errors.ts';
import { send } from './http.ts';

const STATUS: Readonly<Record<string, number>> = {
  InvalidInputException: 400,
  InvalidAccessException: 401,
  AccessDeniedException: 403,
  MissingAuthenticationTokenException: 403,
  UnknownOperationException: 404,
  LimitExceededException: 429,
  TooManyRequestsException: 429,
  InternalException: 500,
  ServiceUnavailableException: 503,
};

/** Errors Security Hub models carry `Code` and `Message`; front-door errors (throttling, 503) only `message`. */
const MODELED = new Set(['InvalidInputException', 'InvalidAccessException', 'AccessDeniedException', 'LimitExceededException', 'InternalException']);

export function restJsonOk(res: ServerResponse, requestId: string, body: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(body), { 'x-amzn-RequestId': requestId });
}

/** restJson1 errors: status from the model, `x-amzn-ErrorType` header, JSON body. */
export function restJsonError(res: ServerResponse, requestId: string, err: AwsError, service: string): void {
  const modeled = MODELED.has(err.code);
  const body = modeled ? { Code: err.code, Message: err.message, ...err.fields } : { message: err.message };
  const type = modeled ? `${err.code}:http://internal.amazon.com/coral/com.amazonaws.${service}/` : err.code;
  send(res, STATUS[err.code] ?? 400, 'application/json', JSON.stringify(body), { 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': type });
}
