import { ListAccountsCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import type { Account } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { createSimulator } from '../src/index.ts';
import { clients, raw } from './sdk.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ seed: 404, accounts: 45, rateLimits: false });
});
afterAll(async () => {
  await sim.close();
});

describe('Organizations ListAccounts', () => {
  it('lists every account of the organisation over several pages', async () => {
    const accounts: Account[] = [];
    let pages = 0;
    for await (const p of paginateListAccounts({ client: clients(sim).organizations }, {})) {
      accounts.push(...(p.Accounts ?? []));
      pages++;
    }
    expect(pages).toBe(3);
    expect(accounts.map((a) => a.Id)).toEqual(sim.org.accounts.map((a) => a.id));
    expect(accounts[1]).toMatchObject({ Name: sim.org.accounts[1]!.name, Status: 'ACTIVE', Email: expect.stringContaining('@') as string });
    expect(accounts[1]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('refuses member accounts with AccessDeniedException', async () => {
    const member = sim.org.accounts[7]!.id;
    await expect(clients(sim, { accessKeyId: `AKIA${member}` }).organizations.send(new ListAccountsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });
});

describe('STS GetCallerIdentity', () => {
  it('answers the management account for an unknown key', async () => {
    const id = await clients(sim).sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(sim.org.managementAccountId);
    expect(id.Arn).toContain(sim.org.managementAccountId);
  });

  it('maps access keys to accounts', async () => {
    const mapped = await createSimulator({ seed: 404, accounts: 5, rateLimits: false });
    try {
      const target = mapped.org.accounts[3]!.id;
      const withMap = await createSimulator({ seed: 404, accounts: 5, rateLimits: false, accessKeys: { AKIAMEMBER: target } });
      try {
        expect((await clients(withMap, { accessKeyId: 'AKIAMEMBER' }).sts.send(new GetCallerIdentityCommand({}))).Account).toBe(target);
      } finally {
        await withMap.close();
      }
      const embedded = mapped.org.accounts[2]!.id;
      expect((await clients(mapped, { accessKeyId: `ASIA${embedded}` }).sts.send(new GetCallerIdentityCommand({}))).Account).toBe(embedded);
    } finally {
      await mapped.close();
    }
  });

  it('speaks awsQuery: form body in, XML out', async () => {
    const res = await raw(sim, 'sts', { body: 'Action=GetCallerIdentity&Version=2011-06-15', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    expect(res.text).toContain(`<Account>${sim.org.managementAccountId}</Account>`);
    const bad = await raw(sim, 'sts', { body: 'Action=AssumeRole&Version=2011-06-15', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<Code>InvalidAction</Code>');
  });
});
