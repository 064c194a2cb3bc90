/** An AWS error: the code the wire carries; each protocol writer turns it into its own status and body. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Extra members of the error shape (Organizations' `Reason`, ...). */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const THROTTLING_CODES: ReadonlySet<string> = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

export function isThrottling(code: string): boolean {
  return THROTTLING_CODES.has(code);
}
