import { renderFinding } from '../asff.ts';
import { AwsError } from '../errors.ts';
import { FilterError, equalsValues } from '../filters.ts';
import { restJsonError, restJsonOk } from '../protocols/rest-json.ts';
import { queryFindings } from '../query.ts';
import type { CallContext, Caller, ServiceDef } from './types.ts';
import { parseJsonObject, principalArn } from './types.ts';

const invalid = (message: string): AwsError => new AwsError('InvalidInputException', message);

/** Security Hub over restJson1; only `GetFindings` (`POST /findings`). */
export const securityHub: ServiceDef = {
  name: 'securityhub',
  operation(method, path) {
    const p = path.split('?')[0];
    return method === 'POST' && (p === '/findings' || p === '/findings/') ? 'GetFindings' : undefined;
  },
  parse(body) {
    return parseJsonObject(body, () => invalid('The request body is not valid JSON.'));
  },
  handle(operation, ctx) {
    if (operation !== 'GetFindings') throw securityHub.unknownOperation();
    return getFindings(ctx);
  },
  ok(res, requestId, _operation, result) {
    restJsonOk(res, requestId, result);
  },
  error(res, requestId, err) {
    restJsonError(res, requestId, err, 'securityhub');
  },
  unknownOperation: () => new AwsError('UnknownOperationException', 'Unknown operation'),
  throttled: () => new AwsError('TooManyRequestsException', 'Too Many Requests'),
  serverError: (kind) =>
    kind === 'internal' ? new AwsError('InternalException', 'Internal service error') : new AwsError('ServiceUnavailableException', 'Service Unavailable'),
  accessDenied: (caller: Caller, operation: string, target?: string) =>
    new AwsError(
      'AccessDeniedException',
      `User: ${principalArn(caller)} is not authorized to perform: securityhub:${operation} on resource: arn:aws:securityhub:${caller.region}:${target ?? caller.account.id}:hub/default`,
    ),
};

function getFindings(ctx: CallContext): unknown {
  const { world, caller, input } = ctx;
  const r = caller.regionIndex;
  if (r < 0 || !world.isHubEnabled(caller.account.index, r)) {
    throw new AwsError('InvalidAccessException', `Account ${caller.account.id} is not subscribed to AWS Security Hub`);
  }
  const max = input.MaxResults ?? 100;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 100) {
    throw invalid('MaxResults must be an integer between 1 and 100.');
  }
  if (input.NextToken !== undefined && (typeof input.NextToken !== 'string' || input.NextToken === '')) throw invalid('Invalid NextToken.');
  for (const target of equalsValues(input.Filters, 'AwsAccountId')) {
    if (ctx.denied.has(target)) throw securityHub.accessDenied(caller, 'GetFindings', target);
  }
  try {
    const page = queryFindings(world, ctx.fields, ctx.codec, { region: r, account: caller.account.index, admin: caller.account.isManagement }, {
      filters: input.Filters,
      sortCriteria: input.SortCriteria,
      maxResults: max,
      nextToken: input.NextToken,
    });
    ctx.report(page.indices.length);
    const out: Record<string, unknown> = { Findings: page.indices.map((i) => renderFinding(world, i)) };
    if (page.nextToken) out.NextToken = page.nextToken;
    return out;
  } catch (e) {
    if (e instanceof FilterError) throw invalid(e.message);
    throw e;
  }
}
