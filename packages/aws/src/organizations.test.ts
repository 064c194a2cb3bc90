import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { scriptedHttp, testCredentials } from '../test/scripted-http.ts';
import type { RecordedRequest, ScriptedResponse } from '../test/scripted-http.ts';
import { listAccounts } from './organizations.ts';
import { callerIdentity } from './sts.ts';

function organizations(answer: (request: RecordedRequest, index: number) => ScriptedResponse) {
  const http = scriptedHttp(answer);
  const sdk = new OrganizationsClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: testCredentials,
    maxAttempts: 1,
    requestHandler: http,
  });
  return { http, sdk };
}

const denied = (type: string): ScriptedResponse => ({ status: 400, body: { __type: type, Message: 'no' } });

describe('listAccounts', () => {
  it('reads every page of accounts', async () => {
    const { http, sdk } = organizations((_r, i) =>
      i === 0
        ? { status: 200, body: { Accounts: [{ Id: '111111111111', Name: 'prod', Status: 'ACTIVE' }], NextToken: 'n' } }
        : { status: 200, body: { Accounts: [{ Id: '222222222222', Name: 'dev', State: 'SUSPENDED' }, { Id: '333333333333' }] } },
    );
    expect(await listAccounts({ client: sdk, region: 'us-east-1' })).toEqual([
      { id: '111111111111', name: 'prod', status: 'ACTIVE' },
      { id: '222222222222', name: 'dev', status: 'SUSPENDED' },
      { id: '333333333333', name: '333333333333', status: 'UNKNOWN' },
    ]);
    expect(http.requests[0]?.headers['x-amz-target']).toBe('AWSOrganizationsV20161128.ListAccounts');
    expect(http.requests[1]?.body).toEqual({ NextToken: 'n' });
  });

  it('returns null when the caller may not list the organisation, so account ids stand in for names', async () => {
    for (const type of ['AccessDeniedException', 'AWSOrganizationsNotInUseException']) {
      const { sdk } = organizations(() => denied(type));
      expect(await listAccounts({ client: sdk, region: 'us-east-1' })).toBeNull();
    }
  });

  it('surfaces any other failure as an AwsCollectorError', async () => {
    const { sdk } = organizations(() => ({ status: 400, body: { __type: 'TooManyRequestsException', Message: 'slow down' } }));
    const error = await listAccounts({ client: sdk, region: 'us-east-1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'throttled', operation: 'ListAccounts', retryable: true });
  });
});

describe('callerIdentity', () => {
  it('returns the account and ARN of the credentials', async () => {
    // STS speaks awsQuery: a form-encoded request and an XML answer.
    const xml =
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
      '<Arn>arn:aws:iam::111111111111:user/pillar</Arn><UserId>AIDAEXAMPLE</UserId><Account>111111111111</Account>' +
      '</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
    const handler = scriptedHttp(() => ({ status: 200, raw: xml, headers: { 'content-type': 'text/xml' } }));
    const sdk = new STSClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:1', credentials: testCredentials, requestHandler: handler });
    expect(await callerIdentity({ client: sdk, region: 'eu-west-1' })).toEqual({
      account: '111111111111',
      arn: 'arn:aws:iam::111111111111:user/pillar',
    });
    expect(handler.requests[0]?.body).toContain('Action=GetCallerIdentity');
  });
});
