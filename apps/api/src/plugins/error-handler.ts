import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '@pillar/domain';

type Body = { error: { code: string; message: string } };
const body = (code: string, message: string): Body => ({ error: { code, message } });

/** Fastify's own client errors, by code: status and the public code. */
const FASTIFY_CLIENT_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [400, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_request'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_request'],
  FST_ERR_VALIDATION: [400, 'invalid_request'],
};

function describeValidation(err: FastifyError): string {
  const where = err.validationContext ?? 'request';
  const first = err.validation?.[0];
  if (!first) return `Invalid ${where}.`;
  const path = (first.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  return `Invalid ${where}${path ? ` field "${path}"` : ''}: ${first.message ?? 'is invalid'}.`;
}

/** One error handler for the whole API: client errors say what is wrong, server errors say nothing. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message));
    }
    if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
      return reply.status(400).send(body('invalid_request', describeValidation(err)));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, url: request.url }, 'response does not match its schema');
      return reply.status(500).send(body('internal', 'Internal server error.'));
    }
    const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined;
    if (known) {
      return reply.status(known[0]).send(body(known[1], err.message));
    }
    if (err.statusCode === 429) {
      return reply.status(429).send(body('rate_limited', 'Too many requests; try again later.'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify/plugin client errors not in the table: the status is right, the message is generic.
      return reply.status(err.statusCode).send(body('invalid_request', 'The request could not be processed.'));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal', 'Internal server error.'));
  });

  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send(body('not_found', `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`));
  });
}

export const errorBodySchemaDescription = 'CONTRACT.md error shape';
