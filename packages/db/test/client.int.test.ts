import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testkit/src/index.ts';

describe('createPrisma() on the migrated schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('writes and reads a finding with its account and control, and Postgres fills search_text', async () => {
    const { prisma } = db;
    const syncId = randomUUID();
    await prisma.account.create({ data: { id: '123456789012', name: 'prod-payments', nameSource: 'organizations' } });
    await prisma.control.create({ data: { id: 'S3.1', source: 'securityhub', title: 'S3 Block Public Access', domain: 'data-protection' } });
    const created = await prisma.finding.create({
      data: {
        productArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
        findingId: 'arn:aws:securityhub:eu-west-1:123456789012:security-control/S3.1/finding/1',
        accountId: '123456789012',
        region: 'eu-west-1',
        controlId: 'S3.1',
        productName: 'Security Hub',
        generatorId: 'security-control/S3.1',
        title: 'S3 general purpose buckets should have block public access settings enabled',
        severityLabel: 'MEDIUM',
        complianceStatus: 'FAILED',
        workflowStatus: 'NEW',
        recordState: 'ACTIVE',
        isControlCheck: true,
        countsForScore: true,
        isOpen: true,
        resourceIds: ['arn:aws:s3:::Payments-Bucket'],
        firstObservedAt: new Date('2026-11-20T10:00:00Z'),
        awsCreatedAt: new Date('2026-11-20T10:00:00Z'),
        awsUpdatedAt: new Date('2026-11-22T10:00:00Z'),
        contentHash: 'a'.repeat(64),
        raw: { Id: 'x', Compliance: { Status: 'FAILED' } },
        firstSeenSyncId: syncId,
        lastSeenSyncId: syncId,
        states: { create: { fromDay: new Date('2026-11-20'), isOpen: true, state: 'open', complianceStatus: 'FAILED', workflowStatus: 'NEW' } },
      },
    });
    expect(typeof created.id).toBe('bigint');
    expect(created.searchText).toBe(
      's3.1 s3 general purpose buckets should have block public access settings enabled arn:aws:s3:::payments-bucket',
    );

    const found = await prisma.finding.findFirstOrThrow({
      where: { searchText: { contains: 'payments-bucket' } },
      include: { account: true, control: true, states: true },
    });
    expect(found.account.name).toBe('prod-payments');
    expect(found.control?.domain).toBe('data-protection');
    expect(found.states.map((s) => [s.fromDay.toISOString().slice(0, 10), s.toDay, s.state])).toEqual([['2026-11-20', null, 'open']]);
  });

  it('rejects values outside a vocabulary', async () => {
    await expect(
      db.prisma.syncRun.create({ data: { kind: 'incremental', status: 'done', asOf: new Date('2026-11-29'), requestedBy: 'cli' } }),
    ).rejects.toThrow(/sync_run_status_check/);
  });

  it('stores an API token digest as 32 bytes and finds it by digest', async () => {
    const digest = new Uint8Array(32).fill(7);
    const token = await db.prisma.apiToken.create({ data: { name: 'ci', role: 'viewer', tokenDigest: digest, prefix: 'plr_0707' } });
    expect(token.id).toMatch(/^[0-9a-f-]{36}$/);
    const found = await db.prisma.apiToken.findUnique({ where: { tokenDigest: digest } });
    expect(found?.name).toBe('ci');
  });
});
