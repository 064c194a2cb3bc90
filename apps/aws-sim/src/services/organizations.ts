import { AwsError } from '../errors.ts';
import { awsJsonError, awsJsonOk } from '../protocols/aws-json.ts';
import { jsonTarget } from './config.ts';
import { epochSeconds, paginate } from './config-shared.ts';
import type { CallContext, Caller, ServiceDef } from './types.ts';
import { parseJsonObject, principalArn } from './types.ts';

const TARGET = 'AWSOrganizationsV20161128.';
/** Status codes as the Organizations model declares them. */
const STATUS: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  AWSOrganizationsNotInUseException: 404,
  TooManyRequestsException: 429,
  ServiceException: 500,
  ServiceUnavailable: 503,
};

/** Organizations over awsJson1_1; only `ListAccounts`, answered for the management account. */
export const organizations: ServiceDef = {
  name: 'organizations',
  operation(method, _path, headers) {
    const op = jsonTarget(headers, TARGET);
    return method === 'POST' && op === 'ListAccounts' ? op : undefined;
  },
  parse(body) {
    return parseJsonObject(body, () => new AwsError('SerializationException', 'Start of structure or map found where not expected.'));
  },
  handle(operation, ctx) {
    if (operation !== 'ListAccounts') throw organizations.unknownOperation();
    return listAccounts(ctx);
  },
  ok(res, requestId, _op, result) {
    awsJsonOk(res, requestId, result);
  },
  error(res, requestId, err) {
    awsJsonError(res, requestId, err, STATUS[err.code] ?? 400, 'Message');
  },
  unknownOperation: () => new AwsError('UnknownOperationException', 'The operation is not supported by this endpoint.'),
  throttled: () =>
    new AwsError('TooManyRequestsException', "AWS Organizations can't complete your request because another request is already in progress. Try again later.", {
      Type: 'RequestThrottled',
    }),
  serverError: (kind) =>
    kind === 'internal'
      ? new AwsError('ServiceException', 'AWS Organizations can\'t complete your request because of an internal service error. Try again later.')
      : new AwsError('ServiceUnavailable', 'Service is unavailable.'),
  accessDenied: (caller: Caller, operation: string) =>
    new AwsError('AccessDeniedException', `User: ${principalArn(caller)} is not authorized to perform: organizations:${operation}`),
};

function listAccounts(ctx: CallContext): unknown {
  const { world, caller, input } = ctx;
  if (!caller.account.isManagement) {
    throw new AwsError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  const max = input.MaxResults ?? 20;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20) {
    throw new AwsError('InvalidInputException', 'You provided a value that does not match the required pattern.', { Reason: 'INVALID_INPUT' });
  }
  let pageResult;
  try {
    pageResult = paginate(ctx.codec, { op: 'accounts', a: caller.account.id }, input.NextToken, world.org.accounts, (a) => [a.index], max);
  } catch {
    throw new AwsError('InvalidInputException', 'The NextToken is not valid.', { Reason: 'INVALID_NEXT_TOKEN' });
  }
  const { page, nextToken } = pageResult;
  const org = world.org;
  ctx.report(page.length);
  return {
    Accounts: page.map((a) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.organizationId}/${a.id}`,
      Email: a.email,
      Name: a.name,
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: a.joinedMethod,
      JoinedTimestamp: epochSeconds(a.joinedAt),
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
