import type { GetFindingsCommand } from '@aws-sdk/client-securityhub';

// The SDK deserialises a finding into its model of ASFF, which drops every field that model does not know
// (fields AWS added after this SDK release, unmodelled resource details). Pillar keeps raw ASFF for drill-down,
// so the page's JSON is also read as AWS sent it, just before the SDK's deserialiser sees it.

export interface RawFindingsCapture {
  /** The `Findings` array of the last successful response, exactly as sent. */
  findings?: unknown[];
}

async function bodyBytes(body: unknown): Promise<Uint8Array | undefined> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body && typeof body === 'object' && Symbol.asyncIterator in body) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    }
    return Buffer.concat(chunks);
  }
  return undefined;
}

export function parseRawFindings(bytes: Uint8Array): unknown[] | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { Findings?: unknown };
    return Array.isArray(parsed.Findings) ? parsed.Findings : undefined;
  } catch {
    return undefined; // the SDK's deserialiser reports the malformed body
  }
}

/** Adds, to one GetFindings command, a step that records the raw findings of its successful response. */
export function captureRawFindings(command: GetFindingsCommand, capture: RawFindingsCapture): GetFindingsCommand {
  capture.findings = undefined;
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        const bytes = await bodyBytes(response.body);
        if (bytes) {
          response.body = bytes; // the stream is consumed: hand the deserialiser the same bytes
          capture.findings = parseRawFindings(bytes);
        }
      }
      return result;
    },
    // Inside the deserialiser (lower priority runs closer to the HTTP handler), once per attempt.
    { step: 'deserialize', priority: 'low', name: 'pillarRawFindingsCapture' },
  );
  return command;
}
