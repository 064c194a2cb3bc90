import type { ServerResponse } from 'node:http';
import type { AwsError } from '../errors.ts';
import { send } from './http.ts';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function awsJsonOk(res: ServerResponse, requestId: string, body: unknown): void {
  send(res, 200, CONTENT_TYPE, JSON.stringify(body), { 'x-amzn-RequestId': requestId });
}

/**
 * awsJson1_1 errors: `__type` names the error; the message member is `message` for Config and `Message` for
 * Organizations (as their models spell it). Client errors are 400 unless the model says otherwise.
 */
export function awsJsonError(res: ServerResponse, requestId: string, err: AwsError, status: number, messageKey: 'message' | 'Message'): void {
  const body = { __type: err.code, [messageKey]: err.message, ...err.fields };
  send(res, status, CONTENT_TYPE, JSON.stringify(body), { 'x-amzn-RequestId': requestId });
}
