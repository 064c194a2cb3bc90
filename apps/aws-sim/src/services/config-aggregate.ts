import type { SimConfigRule } from '../config-model.ts';
import { complianceOfRule, evaluationsOf } from '../config-model.ts';
import { AwsError } from '../errors.ts';
import { complianceShape, compareKeys, evaluationShape, limitOf, optionalString, paginate, validation } from './config-shared.ts';
import type { World } from '../world.ts';
import type { CallContext } from './types.ts';
import { isRecord, principalArn } from './types.ts';

const invalidLimit = (m: string): AwsError => new AwsError('InvalidLimitException', m);

/** The aggregator lives in the management account, in one region; anyone else asking gets "no such aggregator". */
function checkAggregator(ctx: CallContext): void {
  const name = optionalString(ctx.input, 'ConfigurationAggregatorName', validation);
  if (!name) throw validation('ConfigurationAggregatorName is required.');
  const agg = ctx.world.org.aggregator;
  if (!agg || agg.name !== name || agg.accountId !== ctx.caller.account.id || agg.region !== ctx.caller.region) {
    throw new AwsError('NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist. Check the configuration aggregator name and try again.');
  }
}

function checkAccountId(ctx: CallContext, accountId: string | undefined, operation: string): void {
  if (accountId === undefined) return;
  if (!/^\d{12}$/.test(accountId)) throw validation(`AccountId ${accountId} is not a 12-digit account id.`);
  if (ctx.denied.has(accountId)) throw new AwsError('AccessDeniedException', `User: ${principalArn(ctx.caller)} is not authorized to perform: config:${operation} for account ${accountId}`);
}

interface ComplianceTable {
  readonly version: number;
  /** 0 COMPLIANT, 1 NON_COMPLIANT, 2 INSUFFICIENT_DATA, per rule of `flat`. */
  readonly types: Uint8Array;
  readonly nonCompliant: Uint32Array;
}

const TYPES = ['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA'] as const;
const flatCache = new WeakMap<World, SimConfigRule[]>();
const tableCache = new WeakMap<World, ComplianceTable>();

/** Every rule, account-major then region then name: the aggregator's order. The rule set never changes. */
function flatRules(world: World): SimConfigRule[] {
  let flat = flatCache.get(world);
  if (!flat) {
    flat = world.configRules.flatMap((l) => l ?? []);
    flatCache.set(world, flat);
  }
  return flat;
}

/** Compliance of every rule, recomputed only when the world changed (pages of one walk reuse it). */
function complianceTable(world: World, flat: readonly SimConfigRule[]): ComplianceTable {
  const cached = tableCache.get(world);
  if (cached?.version === world.version) return cached;
  const types = new Uint8Array(flat.length);
  const nonCompliant = new Uint32Array(flat.length);
  flat.forEach((rule, k) => {
    const c = complianceOfRule(world, rule);
    types[k] = TYPES.indexOf(c.type);
    nonCompliant[k] = c.nonCompliant;
  });
  const table = { version: world.version, types, nonCompliant };
  tableCache.set(world, table);
  return table;
}

/** Compliance of every rule x account x region the aggregator sees (rules without results are left out, as AWS does). */
export function describeAggregateComplianceByConfigRules(ctx: CallContext): unknown {
  checkAggregator(ctx);
  const f = ctx.input.Filters;
  if (f !== undefined && f !== null && !isRecord(f)) throw validation('Filters must be an object.');
  const filters = isRecord(f) ? f : {};
  const ruleName = optionalString(filters, 'ConfigRuleName', validation);
  const type = optionalString(filters, 'ComplianceType', validation);
  if (type !== undefined && type !== 'COMPLIANT' && type !== 'NON_COMPLIANT') throw validation('ComplianceType filter supports only COMPLIANT and NON_COMPLIANT.');
  const accountId = optionalString(filters, 'AccountId', validation);
  const awsRegion = optionalString(filters, 'AwsRegion', validation);
  checkAccountId(ctx, accountId, 'DescribeAggregateComplianceByConfigRules');
  const limit = limitOf(ctx.input, 1000, 1000, invalidLimit);
  const { world } = ctx;
  const flat = flatRules(world);
  const table = complianceTable(world, flat);
  const account = accountId === undefined ? undefined : (world.accountByIdIndex(accountId) ?? -1);
  const region = awsRegion === undefined ? undefined : world.regionIndex(awsRegion);
  const wantType = type === undefined ? undefined : TYPES.indexOf(type);
  const rows: number[] = [];
  flat.forEach((rule, k) => {
    const t = table.types[k];
    if (t === 2 || (wantType !== undefined && t !== wantType)) return;
    if ((account !== undefined && rule.account !== account) || (region !== undefined && rule.region !== region)) return;
    if (ruleName === undefined || rule.name === ruleName) rows.push(k);
  });
  const query = { op: 'agg', a: ctx.input.ConfigurationAggregatorName, f: filters };
  const { page, nextToken } = paginate(ctx.codec, query, ctx.input.NextToken, rows, (k) => [k], limit);
  ctx.report(page.length);
  return {
    AggregateComplianceByConfigRules: page.map((k) => {
      const rule = flat[k] as SimConfigRule;
      return {
        ConfigRuleName: rule.name,
        Compliance: complianceShape(TYPES[table.types[k] ?? 2] ?? 'INSUFFICIENT_DATA', table.nonCompliant[k] ?? 0),
        AccountId: world.account(rule.account).id,
        AwsRegion: world.regionName(rule.region),
      };
    }),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

/** The evaluations of one rule in one account and region, through the aggregator. */
export function getAggregateComplianceDetailsByConfigRule(ctx: CallContext): unknown {
  checkAggregator(ctx);
  const ruleName = optionalString(ctx.input, 'ConfigRuleName', validation);
  const accountId = optionalString(ctx.input, 'AccountId', validation);
  const awsRegion = optionalString(ctx.input, 'AwsRegion', validation);
  if (!ruleName || !accountId || !awsRegion) throw validation('ConfigRuleName, AccountId and AwsRegion are required.');
  checkAccountId(ctx, accountId, 'GetAggregateComplianceDetailsByConfigRule');
  const type = optionalString(ctx.input, 'ComplianceType', validation);
  if (type !== undefined && !['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'].includes(type)) {
    throw validation('ComplianceType must be COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE.');
  }
  const limit = limitOf(ctx.input, 50, 100, invalidLimit);
  const { world } = ctx;
  const a = world.accountByIdIndex(accountId);
  const r = world.regionIndex(awsRegion);
  const rule = a === undefined || r < 0 ? undefined : world.rulesOf(a, r).find((x) => x.name === ruleName);
  const evals = (rule ? evaluationsOf(world, rule) : [])
    .filter((e) => type === undefined || e.compliance === type)
    .sort((x, y) => compareKeys([x.resourceType, x.resourceId], [y.resourceType, y.resourceId]));
  const query = { op: 'aggdetails', a: ctx.input.ConfigurationAggregatorName, n: ruleName, acc: accountId, r: awsRegion, t: type ?? null };
  const { page, nextToken } = paginate(ctx.codec, query, ctx.input.NextToken, evals, (e) => [e.resourceType, e.resourceId], limit);
  ctx.report(page.length);
  return {
    AggregateEvaluationResults: page.map((e) => ({ ...evaluationShape(ruleName, e), AccountId: accountId, AwsRegion: awsRegion })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
