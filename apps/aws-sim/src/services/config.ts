import type { IncomingHttpHeaders } from 'node:http';
import type { SimConfigRule } from '../config-model.ts';
import { complianceOfRule, evaluationsOf } from '../config-model.ts';
import { AwsError } from '../errors.ts';
import { awsJsonError, awsJsonOk } from '../protocols/aws-json.ts';
import { describeAggregateComplianceByConfigRules, getAggregateComplianceDetailsByConfigRule } from './config-aggregate.ts';
import {
  complianceShape,
  compareKeys,
  evaluationShape,
  invalidParameter,
  limitOf,
  optionalString,
  paginate,
  ruleShape,
  stringList,
} from './config-shared.ts';
import type { CallContext, Caller, ServiceDef } from './types.ts';
import { parseJsonObject, principalArn } from './types.ts';

const TARGET = 'StarlingDoveService.';
const PAGE = 25;
const STATUS: Readonly<Record<string, number>> = { InternalFailure: 500, ServiceUnavailable: 503 };

const HANDLERS: Readonly<Record<string, (ctx: CallContext) => unknown>> = {
  DescribeConfigRules: describeConfigRules,
  DescribeComplianceByConfigRule: describeComplianceByConfigRule,
  GetComplianceDetailsByConfigRule: getComplianceDetailsByConfigRule,
  DescribeAggregateComplianceByConfigRules: describeAggregateComplianceByConfigRules,
  GetAggregateComplianceDetailsByConfigRule: getAggregateComplianceDetailsByConfigRule,
};

export function jsonTarget(headers: IncomingHttpHeaders, prefix: string): string | undefined {
  const t = headers['x-amz-target'];
  return typeof t === 'string' && t.startsWith(prefix) ? t.slice(prefix.length) : undefined;
}

/** AWS Config over awsJson1_1 (`X-Amz-Target: StarlingDoveService.<Op>`). */
export const configService: ServiceDef = {
  name: 'config',
  operation(method, _path, headers) {
    const op = jsonTarget(headers, TARGET);
    return method === 'POST' && op !== undefined && op in HANDLERS ? op : undefined;
  },
  parse(body) {
    return parseJsonObject(body, () => new AwsError('SerializationException', 'Start of structure or map found where not expected.'));
  },
  handle(operation, ctx) {
    const h = HANDLERS[operation];
    if (!h) throw configService.unknownOperation();
    return h(ctx);
  },
  ok(res, requestId, _op, result) {
    awsJsonOk(res, requestId, result);
  },
  error(res, requestId, err) {
    awsJsonError(res, requestId, err, STATUS[err.code] ?? 400, 'message');
  },
  unknownOperation: () => new AwsError('UnknownOperationException', 'The operation is not supported by this endpoint.'),
  throttled: () => new AwsError('ThrottlingException', 'Rate exceeded'),
  serverError: (kind) =>
    kind === 'internal' ? new AwsError('InternalFailure', 'An internal error occurred.') : new AwsError('ServiceUnavailable', 'Service is unavailable.'),
  accessDenied: (caller: Caller, operation: string, target?: string) =>
    new AwsError(
      'AccessDeniedException',
      `User: ${principalArn(caller)} is not authorized to perform: config:${operation}${target ? ` for account ${target}` : ''}`,
    ),
};

function rulesHere(ctx: CallContext): SimConfigRule[] {
  const r = ctx.caller.regionIndex;
  return r < 0 ? [] : ctx.world.rulesOf(ctx.caller.account.index, r);
}

/** Rules named in `ConfigRuleNames` (all of them must exist), or every rule. */
function selectRules(ctx: CallContext): SimConfigRule[] {
  const all = rulesHere(ctx);
  const names = stringList(ctx.input, 'ConfigRuleNames', null, invalidParameter);
  if (!names || names.length === 0) return all;
  if (names.length > 25) throw invalidParameter('ConfigRuleNames can hold at most 25 names.');
  const wanted = new Set(names);
  for (const n of wanted) {
    if (!all.some((r) => r.name === n)) {
      throw new AwsError('NoSuchConfigRuleException', `The ConfigRule '${n}' provided in the request is invalid. Please check the configRule name.`);
    }
  }
  return all.filter((r) => wanted.has(r.name));
}

function scopeOf(ctx: CallContext): string {
  return `${ctx.caller.account.id}|${ctx.caller.region}`;
}

function describeConfigRules(ctx: CallContext): unknown {
  const rules = selectRules(ctx);
  const { page, nextToken } = paginate(ctx.codec, { op: 'rules', s: scopeOf(ctx), n: ctx.input.ConfigRuleNames ?? null }, ctx.input.NextToken, rules, (r) => [r.name], PAGE);
  ctx.report(page.length);
  return { ConfigRules: page.map((r) => ruleShape(ctx.world, r)), ...(nextToken ? { NextToken: nextToken } : {}) };
}

function describeComplianceByConfigRule(ctx: CallContext): unknown {
  const types = stringList(ctx.input, 'ComplianceTypes', ['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA'], invalidParameter);
  const rows = selectRules(ctx)
    .map((rule) => ({ rule, c: complianceOfRule(ctx.world, rule) }))
    .filter((x) => !types || types.length === 0 || types.includes(x.c.type));
  const query = { op: 'compliance', s: scopeOf(ctx), n: ctx.input.ConfigRuleNames ?? null, t: types ?? null };
  const { page, nextToken } = paginate(ctx.codec, query, ctx.input.NextToken, rows, (x) => [x.rule.name], PAGE);
  ctx.report(page.length);
  return {
    ComplianceByConfigRules: page.map((x) => ({ ConfigRuleName: x.rule.name, Compliance: complianceShape(x.c.type, x.c.nonCompliant) })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

function getComplianceDetailsByConfigRule(ctx: CallContext): unknown {
  const name = optionalString(ctx.input, 'ConfigRuleName', invalidParameter);
  if (!name) throw invalidParameter('ConfigRuleName is required.');
  const types = stringList(ctx.input, 'ComplianceTypes', ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'], invalidParameter);
  const limit = limitOf(ctx.input, 10, 100, invalidParameter);
  const rule = rulesHere(ctx).find((r) => r.name === name);
  if (!rule) throw new AwsError('NoSuchConfigRuleException', `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name.`);
  const evals = evaluationsOf(ctx.world, rule)
    .filter((e) => !types || types.length === 0 || types.includes(e.compliance))
    .sort((a, b) => compareKeys([a.resourceType, a.resourceId], [b.resourceType, b.resourceId]));
  const query = { op: 'details', s: scopeOf(ctx), n: name, t: types ?? null };
  const { page, nextToken } = paginate(ctx.codec, query, ctx.input.NextToken, evals, (e) => [e.resourceType, e.resourceId], limit);
  ctx.report(page.length);
  return { EvaluationResults: page.map((e) => evaluationShape(name, e)), ...(nextToken ? { NextToken: nextToken } : {}) };
}
