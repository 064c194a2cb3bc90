import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { createSimulator } from '../src/index.ts';
import { allFindings, clients, raw } from './sdk.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ seed: 101, accounts: 12, regions: ['us-east-1', 'eu-west-1'], rateLimits: false });
});
afterAll(async () => {
  await sim.close();
});

const eq = (Value: string) => [{ Comparison: 'EQUALS' as const, Value }];

describe('GetFindings through the SDK paginator', () => {
  it('returns exactly the generated findings of each region to the administrator', async () => {
    for (const region of sim.org.regions) {
      const got = await allFindings(clients(sim, { region }).securityHub);
      const want = sim.state().findings({ region });
      expect(got.map((f) => f.Id).sort()).toEqual(want.map((f) => f.Id).sort());
      expect(new Set(got.map((f) => f.Id)).size).toBe(got.length);
      const byId = new Map(want.map((f) => [f.Id, f]));
      for (const f of got.slice(0, 50)) expect(JSON.parse(JSON.stringify(f))).toEqual(byId.get(f.Id ?? ''));
    }
  });

  it('pages with a small page size and returns the same set', async () => {
    const got = await allFindings(clients(sim).securityHub, { MaxResults: 7, SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }] });
    expect(got.length).toBe(sim.state().findings({ region: 'us-east-1' }).length);
    const times = got.map((f) => f.UpdatedAt ?? '');
    expect([...times].sort()).toEqual(times);
  });

  it('shows a member account only its own findings', async () => {
    const member = sim.org.accounts[4]!;
    const got = await allFindings(clients(sim, { accessKeyId: `AKIA${member.id}` }).securityHub);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((f) => f.AwsAccountId === member.id)).toBe(true);
    expect(got.length).toBe(sim.state().findings({ accountId: member.id, region: 'us-east-1' }).length);
  });
});

describe('GetFindings filters', () => {
  const sh = () => clients(sim).securityHub;
  const truth = () => sim.state().findings({ region: 'us-east-1' });

  it('filters by account, record state and workflow (fields ANDed)', async () => {
    const acct = sim.org.accounts[2]!.id;
    const got = await allFindings(sh(), { Filters: { AwsAccountId: eq(acct), RecordState: eq('ACTIVE'), WorkflowStatus: eq('NEW') } });
    const want = truth().filter((f) => f.AwsAccountId === acct && f.RecordState === 'ACTIVE' && (f.Workflow as { Status: string }).Status === 'NEW');
    expect(got.map((f) => f.Id).sort()).toEqual(want.map((f) => f.Id).sort());
  });

  it('ORs values of one field and applies NOT_EQUALS after PREFIX', async () => {
    const got = await allFindings(sh(), {
      Filters: {
        ComplianceStatus: [
          { Comparison: 'EQUALS', Value: 'FAILED' },
          { Comparison: 'EQUALS', Value: 'WARNING' },
        ],
        ProductArn: [{ Comparison: 'PREFIX', Value: 'arn:aws:securityhub:' }],
        SeverityLabel: [{ Comparison: 'NOT_EQUALS', Value: 'LOW' }],
      },
    });
    const want = truth().filter((f) => {
      const c = (f.Compliance as { Status?: string } | undefined)?.Status;
      return (c === 'FAILED' || c === 'WARNING') && (f.Severity as { Label: string }).Label !== 'LOW';
    });
    expect(got.length).toBe(want.length);
    expect(got.length).toBeGreaterThan(0);
  });

  it('filters by security control id, product name and the Region field', async () => {
    const sample = truth().find((f) => (f.Compliance as { SecurityControlId?: string } | undefined)?.SecurityControlId);
    const ctl = (sample?.Compliance as { SecurityControlId: string }).SecurityControlId;
    const got = await allFindings(sh(), { Filters: { ComplianceSecurityControlId: eq(ctl) } });
    expect(got.length).toBe(truth().filter((f) => (f.Compliance as { SecurityControlId?: string } | undefined)?.SecurityControlId === ctl).length);
    const gd = await allFindings(sh(), { Filters: { ProductName: eq('GuardDuty') } });
    expect(gd.length).toBe(truth().filter((f) => f.ProductName === 'GuardDuty').length);
    const withRegion = await allFindings(sh(), { Filters: { Region: eq('us-east-1') } });
    expect(withRegion.length).toBe(truth().filter((f) => f.Region === 'us-east-1').length);
    expect(withRegion.length).toBeLessThan(truth().length);
  });

  it('filters UpdatedAt by Start/End and by DateRange in days', async () => {
    const start = '2025-05-25T00:00:00.000Z';
    const got = await allFindings(sh(), { Filters: { UpdatedAt: [{ Start: start, End: '2025-06-01T00:00:00.000Z' }] } });
    expect(got.length).toBe(truth().filter((f) => f.UpdatedAt >= start && f.UpdatedAt <= '2025-06-01T00:00:00.000Z').length);
    const recent = await allFindings(sh(), { Filters: { UpdatedAt: [{ DateRange: { Value: 3, Unit: 'DAYS' } }] } });
    const from = new Date(sim.clock.now().getTime() - 3 * 86_400_000).toISOString();
    expect(recent.length).toBe(truth().filter((f) => f.UpdatedAt >= from).length);
  });

  it('sorts by UpdatedAt descending', async () => {
    const page = await sh().send(new GetFindingsCommand({ MaxResults: 50, SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'desc' }] }));
    const times = (page.Findings ?? []).map((f) => f.UpdatedAt ?? '');
    expect([...times].sort().reverse()).toEqual(times);
    expect(page.NextToken).toBeTruthy();
  });
});

describe('GetFindings errors', () => {
  it('answers InvalidInputException (400) for MaxResults above 100', async () => {
    const err = await clients(sim).securityHub.send(new GetFindingsCommand({ MaxResults: 101 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
  });

  it('answers InvalidInputException for a token that is not ours or belongs to another query', async () => {
    const sh = clients(sim).securityHub;
    await expect(sh.send(new GetFindingsCommand({ NextToken: 'bm90LWEtdG9rZW4' }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    const first = await sh.send(new GetFindingsCommand({ MaxResults: 5 }));
    await expect(sh.send(new GetFindingsCommand({ MaxResults: 5, NextToken: first.NextToken, Filters: { RecordState: eq('ACTIVE') } }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });

  it('answers InvalidInputException for filter combinations AWS rejects', async () => {
    const err = await clients(sim)
      .securityHub.send(
        new GetFindingsCommand({
          Filters: {
            Title: [
              { Comparison: 'CONTAINS', Value: 'S3' },
              { Comparison: 'NOT_CONTAINS', Value: 'IAM' },
            ],
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidInputException' });
  });

  it('answers InvalidAccessException (401) where Security Hub is not enabled', async () => {
    const off = sim.org.securityHubDisabled[0]!;
    const err = await clients(sim, { region: off.region, accessKeyId: `key-${off.accountId}` })
      .securityHub.send(new GetFindingsCommand({}))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidAccessException', $metadata: { httpStatusCode: 401 } });
    expect((err as Error).message).toContain(off.accountId);
  });

  it('sends the restJson1 error shape: x-amzn-ErrorType header and a Code/Message body', async () => {
    const res = await raw(sim, 'securityhub', { path: '/findings', body: JSON.stringify({ MaxResults: 500 }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')?.split(':')[0]).toBe('InvalidInputException');
    expect(JSON.parse(res.text)).toMatchObject({ Code: 'InvalidInputException', Message: expect.any(String) as string });
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects unsigned requests', async () => {
    const res = await fetch(`${sim.url}/findings`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(403);
  });
});
