import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import { AwsCollectorError, toCollectorError } from './errors.ts';

export interface CallerIdentity {
  account: string;
  arn: string;
}

export async function callerIdentity(input: { client: STSClient; region: string }): Promise<CallerIdentity> {
  const ctx = { operation: 'GetCallerIdentity', region: input.region };
  let answer;
  try {
    answer = await input.client.send(new GetCallerIdentityCommand({}));
  } catch (err) {
    throw toCollectorError(err, ctx);
  }
  if (!answer.Account || !answer.Arn) {
    throw new AwsCollectorError('unknown', { ...ctx, code: 'IncompleteAnswer', detail: 'no Account or Arn returned' });
  }
  return { account: answer.Account, arn: answer.Arn };
}
