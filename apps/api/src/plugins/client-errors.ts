import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';

type ClientErrorHandler = NonNullable<FastifyServerOptions['clientErrorHandler']>;

/**
 * The security headers of an answer made before any hook ran (helmet's included): an error in JSON needs no
 * source at all, and nothing may frame it.
 */
export function bareSecurityHeaders(hsts: boolean): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** What Node's HTTP parser refuses before any route runs: status and public code. */
function classify(code: string | undefined): [number, string, string] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'headers_too_large', 'The request line and headers are too large.'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'request_timeout', 'The request took too long to arrive.'];
  return [400, 'invalid_request', 'The request could not be parsed.'];
}

/**
 * Answers the requests Node's HTTP parser rejects (a 20 KB URL, a malformed request line) in CONTRACT.md's error
 * shape and with the security headers, as every other answer; Fastify's default writes its own JSON shape.
 */
export function clientErrorHandler(hsts: boolean): ClientErrorHandler {
  return function (this: { log: { trace(o: object, m: string): void } }, err: Error & { code?: string }, socket: Socket) {
    // A reset connection has nobody left to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code, message] = classify(err.code);
    this.log.trace({ err }, 'client error');
    const body = JSON.stringify({ error: { code, message } });
    const headers = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...Object.entries(bareSecurityHeaders(hsts)).map(([name, value]) => `${name}: ${value}`),
      'Connection: close',
    ];
    if (socket.writable) socket.write(`${headers.join('\r\n')}\r\n\r\n${body}`);
    socket.destroy(err);
  };
}
