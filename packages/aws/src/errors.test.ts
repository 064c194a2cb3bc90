import { NoSuchConfigurationAggregatorException } from '@aws-sdk/client-config-service';
import { AccessDeniedException, InvalidAccessException } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { sanitizeDetail } from './error-codes.ts';
import { AwsCollectorError, toCollectorError } from './errors.ts';
import type { AwsErrorKind } from './errors.ts';

const ctx = { operation: 'GetFindings', region: 'eu-west-1' };

function awsError(name: string, httpStatusCode?: number, message = `${name} happened`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

describe('toCollectorError', () => {
  const table: [string, unknown, AwsErrorKind, boolean][] = [
    ['TooManyRequestsException', awsError('TooManyRequestsException', 429), 'throttled', true],
    ['ThrottlingException', awsError('ThrottlingException', 400), 'throttled', true],
    ['LimitExceededException', awsError('LimitExceededException', 429), 'throttled', true],
    ['AccessDeniedException', awsError('AccessDeniedException', 403), 'access-denied', false],
    ['AccessDenied', awsError('AccessDenied', 403), 'access-denied', false],
    ['UnauthorizedOperation', awsError('UnauthorizedOperation', 403), 'access-denied', false],
    ['UnrecognizedClientException', awsError('UnrecognizedClientException', 403), 'access-denied', false],
    ['CredentialsProviderError', awsError('CredentialsProviderError'), 'access-denied', false],
    ['InvalidAccessException', awsError('InvalidAccessException', 401), 'not-enabled', false],
    ['AWSOrganizationsNotInUseException', awsError('AWSOrganizationsNotInUseException', 400), 'not-enabled', false],
    ['NoSuchConfigurationAggregatorException', awsError('NoSuchConfigurationAggregatorException', 400), 'not-found', false],
    ['NoSuchConfigRuleException', awsError('NoSuchConfigRuleException', 400), 'not-found', false],
    ['InvalidInputException', awsError('InvalidInputException', 400), 'invalid-input', false],
    ['InvalidParameterValueException', awsError('InvalidParameterValueException', 400), 'invalid-input', false],
    ['InvalidNextTokenException', awsError('InvalidNextTokenException', 400), 'invalid-input', false],
    ['InternalException', awsError('InternalException', 500), 'unavailable', true],
    ['ServiceUnavailable', awsError('ServiceUnavailable', 503), 'unavailable', true],
    ['an unmodelled 502', awsError('UnknownError', 502), 'unavailable', true],
    ['an unmodelled 429', awsError('SomethingElse', 429), 'throttled', true],
    ['an unmodelled 403', awsError('Forbidden', 403), 'access-denied', false],
    ['ECONNREFUSED', networkError('ECONNREFUSED'), 'unavailable', true],
    ['ETIMEDOUT', networkError('ETIMEDOUT'), 'unavailable', true],
    ['a wrapped ECONNRESET', Object.assign(new Error('socket hang up'), { cause: networkError('ECONNRESET') }), 'unavailable', true],
    ['TimeoutError', awsError('TimeoutError'), 'unavailable', true],
    ['an unknown 409', awsError('ConflictException', 409), 'unknown', false],
    ['a plain Error', new Error('boom'), 'unknown', false],
    ['a thrown string', 'boom', 'unknown', false],
    ['undefined', undefined, 'unknown', false],
  ];

  it.each(table)('maps %s', (_label, err, kind, retryable) => {
    const mapped = toCollectorError(err, ctx);
    expect(mapped).toBeInstanceOf(AwsCollectorError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.retryable).toBe(retryable);
    expect(mapped.operation).toBe('GetFindings');
    expect(mapped.region).toBe('eu-west-1');
  });

  it('maps the SDK exception classes by their name', () => {
    const meta = { $metadata: { httpStatusCode: 403 }, message: 'denied' };
    expect(toCollectorError(new AccessDeniedException(meta), ctx).kind).toBe('access-denied');
    expect(toCollectorError(new InvalidAccessException(meta), ctx).kind).toBe('not-enabled');
    expect(toCollectorError(new NoSuchConfigurationAggregatorException(meta), ctx).kind).toBe('not-found');
  });

  it('keeps the AWS code, the account and the status, and says where it failed', () => {
    const mapped = toCollectorError(awsError('AccessDeniedException', 403, 'not authorized'), {
      operation: 'GetAggregateComplianceDetailsByConfigRule',
      region: 'us-east-1',
      accountId: '111122223333',
    });
    expect(mapped.code).toBe('AccessDeniedException');
    expect(mapped.httpStatus).toBe(403);
    expect(mapped.accountId).toBe('111122223333');
    expect(mapped.message).toBe(
      'GetAggregateComplianceDetailsByConfigRule (us-east-1, account 111122223333) failed: access-denied [AccessDeniedException] not authorized',
    );
  });

  it('names the network code when the error has no AWS code', () => {
    expect(toCollectorError(networkError('ECONNREFUSED'), ctx).code).toBe('ECONNREFUSED');
  });

  it('returns an AwsCollectorError unchanged', () => {
    const original = toCollectorError(awsError('ThrottlingException', 400), ctx);
    expect(toCollectorError(original, { operation: 'Other', region: 'x' })).toBe(original);
  });

  it('keeps the cause out of enumerable properties and JSON', () => {
    const cause = awsError('AccessDeniedException', 403);
    const mapped = toCollectorError(cause, ctx);
    expect(mapped.internalCause()).toBe(cause);
    expect(Object.values(mapped)).not.toContain(cause);
    expect(JSON.stringify(mapped)).not.toContain('$metadata');
    expect(JSON.parse(JSON.stringify(mapped))).toMatchObject({ kind: 'access-denied', code: 'AccessDeniedException' });
  });

  it('removes credentials echoed in an AWS message', () => {
    const echoed =
      'The request signature we calculated does not match. Canonical request: x-amz-security-token:IQoJb3JpZ2luX2VjEJr ' +
      'Credential=AKIAIOSFODNN7EXAMPLE/20240101/eu-west-1/securityhub/aws4_request, Signature=' +
      'a'.repeat(64);
    const mapped = toCollectorError(awsError('SignatureDoesNotMatch', 403, echoed), ctx);
    expect(mapped.kind).toBe('access-denied');
    expect(mapped.message).not.toContain('IQoJb3JpZ2luX2VjEJr');
    expect(mapped.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(mapped.message).not.toContain('a'.repeat(64));
  });
});

describe('sanitizeDetail', () => {
  it('bounds the length and folds whitespace', () => {
    const detail = sanitizeDetail(`line one\n  line two ${'word '.repeat(200)}`);
    expect(detail.startsWith('line one line two word')).toBe(true);
    expect(detail.length).toBeLessThanOrEqual(403);
  });

  it('redacts long opaque blobs such as session tokens', () => {
    expect(sanitizeDetail(`token ${'A1b2'.repeat(50)} end`)).toBe('token [blob-redacted] end');
  });
});
