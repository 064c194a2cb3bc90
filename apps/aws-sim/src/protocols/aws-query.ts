import type { ServerResponse } from 'node:http';
import type { AwsError } from '../errors.ts';
import { send } from './http.ts';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** An awsQuery result document: `<{Op}Response><{Op}Result>...</{Op}Result><ResponseMetadata/>`. */
export function awsQueryOk(res: ServerResponse, requestId: string, operation: string, xmlns: string, resultXml: string): void {
  const body =
    `<${operation}Response xmlns="${xmlns}">\n  <${operation}Result>\n${resultXml}  </${operation}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${operation}Response>\n`;
  send(res, 200, 'text/xml', body, { 'x-amzn-RequestId': requestId });
}

export function awsQueryError(res: ServerResponse, requestId: string, err: AwsError, status: number, xmlns: string): void {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${xmlns}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(err.code)}</Code>\n` +
    `    <Message>${xmlEscape(err.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
  send(res, status, 'text/xml', body, { 'x-amzn-RequestId': requestId });
}
