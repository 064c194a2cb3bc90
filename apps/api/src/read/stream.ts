import { Readable } from 'node:stream';

/**
 * A text body produced piece by piece. Fastify sends a stream as it is (no serializer runs), so the route's
 * `text/*` response schema (a string) documents what the client receives; only the reply's static type needs
 * the string.
 */
export function streamedText(chunks: AsyncIterable<string>): string {
  return Readable.from(chunks) as unknown as string;
}
