import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AwsError } from '../errors.ts';
import type { FieldTable } from '../filters.ts';
import type { TokenCodec } from '../tokens.ts';
import type { SimAccount, World } from '../world.ts';

export type ServiceName = 'securityhub' | 'config' | 'organizations' | 'sts';
export const SERVICE_NAMES: readonly ServiceName[] = ['securityhub', 'config', 'organizations', 'sts'];

/** The signer of a request: its account (from the access key) and the region of its credential scope. */
export interface Caller {
  readonly accessKeyId: string;
  readonly account: SimAccount;
  readonly region: string;
  /** Index in the organisation's regions, or -1 for a region the organisation does not use. */
  readonly regionIndex: number;
}

export interface CallContext {
  readonly world: World;
  readonly fields: FieldTable<number>;
  readonly codec: TokenCodec;
  readonly caller: Caller;
  readonly input: Record<string, unknown>;
  /** Account ids the AccessDenied fault covers. */
  readonly denied: ReadonlySet<string>;
  /** How many items (findings, rules, accounts...) the answer carries, for the counters. */
  report(items: number): void;
}

export interface ServiceDef {
  readonly name: ServiceName;
  /** The operation a request calls, or undefined when this simulator does not implement it. */
  operation(method: string, path: string, headers: IncomingHttpHeaders, body: string): string | undefined;
  /** Parses the body of a known operation (throws the protocol's serialization error). */
  parse(body: string): Record<string, unknown>;
  handle(operation: string, ctx: CallContext): unknown;
  ok(res: ServerResponse, requestId: string, operation: string, result: unknown): void;
  error(res: ServerResponse, requestId: string, err: AwsError): void;
  unknownOperation(): AwsError;
  throttled(): AwsError;
  serverError(kind: 'internal' | 'unavailable'): AwsError;
  accessDenied(caller: Caller, operation: string, target?: string): AwsError;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseJsonObject(body: string, onError: () => AwsError): Record<string, unknown> {
  if (body.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw onError();
  }
  if (!isRecord(v)) throw onError();
  return v;
}

export function principalArn(caller: Caller): string {
  return `arn:aws:sts::${caller.account.id}:assumed-role/PillarReadOnly/pillar`;
}
