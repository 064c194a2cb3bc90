// A request handler for SDK clients that answers from a script, so that unit tests run the SDK's real
// serialisation, deserialisation, pagination and retries without a socket.

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface ScriptedResponse {
  status: number;
  /** JSON-encoded, unless `raw` is given. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export interface ScriptedHttp {
  requests: RecordedRequest[];
  handle(request: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: unknown;
  }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }>;
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
}

// JSON protocols are recorded as objects; awsQuery (STS) form bodies as their text.
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function scriptedHttp(answer: (request: RecordedRequest, index: number) => ScriptedResponse): ScriptedHttp {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    handle(request) {
      const raw = request.body;
      const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : '';
      const recorded = { method: request.method, path: request.path, headers: request.headers, body: parseBody(text) };
      requests.push(recorded);
      const { status, body, raw: rawBody, headers } = answer(recorded, requests.length - 1);
      return Promise.resolve({
        response: {
          statusCode: status,
          headers: { 'content-type': 'application/json', ...headers },
          body: new TextEncoder().encode(rawBody ?? JSON.stringify(body)),
        },
      });
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
}

export const testCredentials = { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-secret' };
