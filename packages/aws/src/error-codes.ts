import type { AwsErrorKind } from './errors.ts';

// AWS error codes (the SDK error's `name`) across Security Hub, Config, Organizations and STS, by kind.
// Security Hub answers throttling with LimitExceededException or TooManyRequestsException (HTTP 429) and "not
// enabled" with InvalidAccessException; Organizations answers a non-management account with AccessDeniedException.
export const ERROR_CODE_KINDS: Readonly<Record<string, AwsErrorKind>> = {
  // throttled
  TooManyRequestsException: 'throttled',
  ThrottlingException: 'throttled',
  Throttling: 'throttled',
  ThrottledException: 'throttled',
  RequestThrottled: 'throttled',
  RequestThrottledException: 'throttled',
  RequestLimitExceeded: 'throttled',
  LimitExceededException: 'throttled',
  SlowDown: 'throttled',
  // access-denied (including credentials that AWS does not accept or the default chain could not find)
  AccessDeniedException: 'access-denied',
  AccessDenied: 'access-denied',
  UnauthorizedOperation: 'access-denied',
  UnauthorizedException: 'access-denied',
  OrganizationAccessDeniedException: 'access-denied',
  UnrecognizedClientException: 'access-denied',
  InvalidClientTokenId: 'access-denied',
  ExpiredToken: 'access-denied',
  ExpiredTokenException: 'access-denied',
  IncompleteSignature: 'access-denied',
  InvalidSignatureException: 'access-denied',
  SignatureDoesNotMatch: 'access-denied',
  MissingAuthenticationToken: 'access-denied',
  RegionDisabledException: 'access-denied',
  CredentialsProviderError: 'access-denied',
  // not-enabled: the service or feature is off for this account or region
  InvalidAccessException: 'not-enabled',
  AWSOrganizationsNotInUseException: 'not-enabled',
  NoAvailableOrganizationException: 'not-enabled',
  NoAvailableConfigurationRecorderException: 'not-enabled',
  OrganizationAllFeaturesNotEnabledException: 'not-enabled',
  OptInRequired: 'not-enabled',
  SubscriptionRequiredException: 'not-enabled',
  // invalid-input
  InvalidInputException: 'invalid-input',
  InvalidParameterValueException: 'invalid-input',
  InvalidParameterException: 'invalid-input',
  InvalidNextTokenException: 'invalid-input',
  InvalidLimitException: 'invalid-input',
  ValidationException: 'invalid-input',
  SerializationException: 'invalid-input',
  // not-found
  NoSuchConfigurationAggregatorException: 'not-found',
  NoSuchConfigRuleException: 'not-found',
  ResourceNotFoundException: 'not-found',
  AccountNotFoundException: 'not-found',
  // unavailable: AWS side or network, worth retrying later
  InternalException: 'unavailable',
  InternalServerException: 'unavailable',
  InternalFailure: 'unavailable',
  InternalError: 'unavailable',
  ServiceUnavailable: 'unavailable',
  ServiceUnavailableException: 'unavailable',
  ServiceException: 'unavailable',
  TimeoutError: 'unavailable',
  RequestTimeout: 'unavailable',
  RequestTimeoutException: 'unavailable',
};

// Node.js socket and DNS error codes (`err.code`) that mean "AWS could not be reached".
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function kindForHttpStatus(status: number): AwsErrorKind | undefined {
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'access-denied';
  if (status === 404) return 'not-found';
  if (status === 400 || status === 422) return 'invalid-input';
  if (status >= 500 && status <= 599) return 'unavailable';
  return undefined;
}

const MAX_DETAIL = 400;

// AWS messages can echo a canonical request (SignatureDoesNotMatch) with the session token and signature in it.
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/x-amz-security-token[:=]\s*\S+/gi, 'x-amz-security-token=[redacted]'],
  [/\bSignature=[0-9a-f]{16,}/gi, 'Signature=[redacted]'],
  [/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '[access-key-redacted]'],
  [/\b(?:aws_)?secret_?access_?key\s*[:=]\s*\S+/gi, 'secretAccessKey=[redacted]'],
  [/[A-Za-z0-9+/=]{120,}/g, '[blob-redacted]'],
];

/** One line of an AWS message, with anything credential-like removed and its length bounded. */
export function sanitizeDetail(message: string): string {
  let out = message.replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out.length > MAX_DETAIL ? `${out.slice(0, MAX_DETAIL)}...` : out;
}
