import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Counters } from './counters.ts';
import { AwsError } from './errors.ts';
import type { Faults } from './faults.ts';
import type { FieldTable } from './filters.ts';
import { BodyTooLargeError, readBody, send } from './protocols/http.ts';
import type { RateLimiter } from './rate-limit.ts';
import { configService } from './services/config.ts';
import { organizations } from './services/organizations.ts';
import { securityHub } from './services/securityhub.ts';
import { sts } from './services/sts.ts';
import type { CallContext, Caller, ServiceDef } from './services/types.ts';
import { parseCredentialScope } from './sigv4.ts';
import type { TokenCodec } from './tokens.ts';
import type { SimAccount, World } from './world.ts';

/** SigV4 signing names of the simulated services. */
const SERVICES: Readonly<Record<string, ServiceDef>> = {
  securityhub: securityHub,
  config: configService,
  organizations,
  sts,
};

export interface ServerDeps {
  readonly world: World;
  readonly fields: FieldTable<number>;
  readonly codec: TokenCodec;
  readonly limiter: RateLimiter;
  readonly faults: Faults;
  readonly counters: Counters;
  readonly accountForKey: (accessKeyId: string) => SimAccount;
  readonly admin: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null;
  /** Wall-clock milliseconds (rate limits and 5xx windows run on real time, not simulated days). */
  readonly wallClock: () => number;
  readonly log: (line: string) => void;
}

/**
 * Every request: routed by its credential scope (service, region), counted on arrival, then throttled
 * (storm fault, token bucket), delayed (latency fault), failed (5xx fault, AccessDenied fault) or answered.
 */
export function requestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((e: unknown) => {
      deps.log(`aws-sim: unhandled error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ message: 'Internal error' }));
      else res.end();
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  if (url === '/_sim' || url.startsWith('/_sim/')) {
    if (deps.admin) return deps.admin(req, res);
    return send(res, 404, 'application/json', JSON.stringify({ error: 'admin endpoints are disabled' }));
  }
  let body: string;
  try {
    body = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return send(res, 413, 'application/json', JSON.stringify({ message: 'Request entity too large' }));
    throw e;
  }
  const scope = parseCredentialScope(req.headers.authorization, url);
  if (!scope) {
    return send(res, 403, 'application/json', JSON.stringify({ message: 'Missing Authentication Token' }), {
      'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
    });
  }
  const svc = SERVICES[scope.service];
  if (!svc) {
    return send(res, 400, 'application/json', JSON.stringify({ message: `Service ${scope.service} is not simulated` }), {
      'x-amzn-ErrorType': 'UnknownServiceException',
    });
  }
  const { world, faults, counters } = deps;
  const account = deps.accountForKey(scope.accessKeyId);
  const caller: Caller = { accessKeyId: scope.accessKeyId, account, region: scope.region, regionIndex: world.regionIndex(scope.region) };
  const operation = svc.operation(req.method ?? 'GET', url, req.headers, body);
  const arrival = deps.wallClock();
  const rec = counters.arrive({
    at: arrival,
    service: svc.name,
    operation: operation ?? 'Unknown',
    region: scope.region,
    accountId: account.id,
    accessKeyId: scope.accessKeyId,
  });
  const requestId = randomUUID();
  let items = 0;
  // Throttling is decided on arrival, as AWS's front door does; latency applies to every answer.
  const throttled = operation !== undefined && (faults.throttles(svc.name, arrival) || !deps.limiter.allow(svc.name, operation, account.id, scope.region, arrival));
  const delay = faults.latency();
  if (delay > 0) await sleep(delay);
  try {
    if (operation === undefined) throw svc.unknownOperation();
    if (throttled) throw svc.throttled();
    const kind = faults.serverError(svc.name, deps.wallClock());
    if (kind) throw svc.serverError(kind);
    if (svc.name !== 'sts' && faults.denied.has(account.id)) throw svc.accessDenied(caller, operation);
    const ctx: CallContext = {
      world,
      fields: deps.fields,
      codec: deps.codec,
      caller,
      input: svc.parse(body),
      denied: faults.denied,
      report: (n) => {
        items = n;
      },
    };
    const result = svc.handle(operation, ctx);
    svc.ok(res, requestId, operation, result);
    counters.finish(rec, 'ok', res.statusCode, items, deps.wallClock() - arrival);
  } catch (e) {
    let err: AwsError;
    if (e instanceof AwsError) err = e;
    else {
      deps.log(`aws-sim: ${svc.name}:${operation ?? '?'} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      err = svc.serverError('internal');
    }
    svc.error(res, requestId, err);
    counters.finish(rec, err.code, res.statusCode, 0, deps.wallClock() - arrival);
  }
}
