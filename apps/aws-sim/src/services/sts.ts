import { AwsError } from '../errors.ts';
import { awsQueryError, awsQueryOk, xmlEscape } from '../protocols/aws-query.ts';
import type { ServiceDef } from './types.ts';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const STATUS: Readonly<Record<string, number>> = { InternalFailure: 500, ServiceUnavailable: 503 };

function formParams(body: string): URLSearchParams {
  return new URLSearchParams(body);
}

/** STS over awsQuery (what the installed @aws-sdk/client-sts sends: form-encoded `Action=...`, XML back). */
export const sts: ServiceDef = {
  name: 'sts',
  operation(method, _path, _headers, body) {
    const action = formParams(body).get('Action');
    return method === 'POST' && action === 'GetCallerIdentity' ? action : undefined;
  },
  parse(body) {
    return Object.fromEntries(formParams(body));
  },
  handle(operation, ctx) {
    if (operation !== 'GetCallerIdentity') throw sts.unknownOperation();
    ctx.report(1);
    const { caller } = ctx;
    return {
      Arn: `arn:aws:sts::${caller.account.id}:assumed-role/PillarReadOnly/pillar`,
      UserId: `AROA${caller.account.id}EXAMPLE:pillar`,
      Account: caller.account.id,
    };
  },
  ok(res, requestId, operation, result) {
    const r = result as Record<string, string>;
    const xml = Object.entries(r)
      .map(([k, v]) => `    <${k}>${xmlEscape(v)}</${k}>\n`)
      .join('');
    awsQueryOk(res, requestId, operation, XMLNS, xml);
  },
  error(res, requestId, err) {
    awsQueryError(res, requestId, err, STATUS[err.code] ?? 400, XMLNS);
  },
  unknownOperation: () => new AwsError('InvalidAction', 'Could not find operation for this action.'),
  throttled: () => new AwsError('Throttling', 'Rate exceeded'),
  serverError: (kind) =>
    kind === 'internal' ? new AwsError('InternalFailure', 'An internal error occurred.') : new AwsError('ServiceUnavailable', 'Service is unavailable.'),
  // GetCallerIdentity needs no permission: AWS never denies it.
  accessDenied: () => new AwsError('AccessDenied', 'Access denied'),
};
