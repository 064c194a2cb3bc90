import type { PrismaClient } from '@pillar/db';
import {
  insertAccountDays,
  insertAccounts,
  insertControlDays,
  insertControls,
  insertDomainOverride,
  insertOrgDays,
  insertPairHistory,
  insertRecordedDays,
  type OrgDayInput,
} from '@pillar/testkit';

/**
 * A small organisation recorded on three days. Account A ("Alpha") and B ("Beta") have history; C exists
 * without any. org_day is the sum of the account_day rows in force each recorded day.
 *
 *   D1 2026-03-02   D2 2026-03-05 (A's iam improves)   D3 2026-03-09 (B's infrastructure fixed)
 */
export const A = '111111111111';
export const B = '222222222222';
export const C = '333333333333';
export const D1 = '2026-03-02';
export const D2 = '2026-03-05';
export const D3 = '2026-03-09';

export async function seedHistory(prisma: PrismaClient): Promise<void> {
  await insertAccounts(prisma, { id: A, name: 'Alpha' }, { id: B, name: 'Beta' }, { id: C, name: 'Gamma' });
  await insertControls(
    prisma,
    { id: 'IAM.1', domain: 'iam', severity: 'CRITICAL' },
    { id: 'IAM.2', domain: 'iam', severity: 'HIGH' },
    { id: 'CloudTrail.1', domain: 'detective', severity: 'MEDIUM' },
    { id: 'Unmapped.1', domain: null, severity: 'LOW' },
    { id: 'config:restricted-ssh', domain: 'infrastructure', severity: null },
  );
  await insertRecordedDays(prisma, [D1, D2, D3]);

  await insertAccountDays(
    prisma,
    // Alpha
    { accountId: A, domain: 'iam', passed: 2, failed: 1, noData: 1, openHigh: 2, fromDay: D1, toDay: D2 },
    { accountId: A, domain: 'iam', passed: 3, failed: 0, noData: 1, openHigh: 1, fromDay: D2 },
    { accountId: A, domain: 'detective', passed: 1, failed: 1, fromDay: D1 },
    { accountId: A, source: 'config', domain: 'iam', passed: 1, fromDay: D1 },
    { accountId: A, domain: '', passed: 1, failed: 1, openLow: 3, fromDay: D1 },
    { accountId: A, region: 'us-east-1', domain: 'iam', passed: 2, failed: 1, fromDay: D1 },
    // A region Alpha stopped using: its last row ends on D2 with no successor.
    { accountId: A, region: 'eu-west-1', domain: 'detective', passed: 1, failed: 1, fromDay: D1, toDay: D2 },
    // Beta
    { accountId: B, domain: 'iam', passed: 1, fromDay: D1 },
    { accountId: B, source: 'config', domain: 'infrastructure', failed: 2, unknown: 1, fromDay: D1, toDay: D3 },
    { accountId: B, source: 'config', domain: 'infrastructure', passed: 3, fromDay: D3 },
  );

  const orgDay = (day: string, iam: { passed: number; failed: number; openHigh: number }, infra: OrgDayInput): OrgDayInput[] => [
    { day, domain: 'iam', passed: iam.passed, failed: iam.failed, noData: 1, openHigh: iam.openHigh },
    { day, domain: 'detective', passed: 1, failed: 1 },
    { day, source: 'config', domain: 'iam', passed: 1 },
    { day, domain: '', passed: 1, failed: 1, openLow: 3 },
    infra,
    { day, region: 'us-east-1', domain: 'iam', passed: 2, failed: 1 },
    ...(day === D1 ? [{ day, region: 'eu-west-1', domain: 'detective', passed: 1, failed: 1 }] : []),
  ];
  await insertOrgDays(
    prisma,
    ...orgDay(D1, { passed: 3, failed: 1, openHigh: 2 }, { day: D1, source: 'config', domain: 'infrastructure', failed: 2, unknown: 1 }),
    ...orgDay(D2, { passed: 4, failed: 0, openHigh: 1 }, { day: D2, source: 'config', domain: 'infrastructure', failed: 2, unknown: 1 }),
    ...orgDay(D3, { passed: 4, failed: 0, openHigh: 1 }, { day: D3, source: 'config', domain: 'infrastructure', passed: 3 }),
  );

  // Alpha's pairs (all regions). CloudTrail.1 has failed since February; its resource count changed on D1.
  await insertPairHistory(prisma, { accountId: A, controlId: 'IAM.1' }, [
    { from: D1, status: 'FAILED', failedResources: 3 },
    { from: D2, status: 'PASSED' },
  ]);
  await insertPairHistory(prisma, { accountId: A, controlId: 'IAM.2' }, [{ from: D1, status: 'PASSED' }]);
  await insertPairHistory(prisma, { accountId: A, controlId: 'CloudTrail.1' }, [
    { from: '2026-02-20', status: 'FAILED', failedResources: 2 },
    { from: D1, status: 'FAILED', failedResources: 5 },
  ]);
  await insertPairHistory(prisma, { accountId: A, controlId: 'Unmapped.1' }, [{ from: D1, status: 'UNKNOWN' }]);

  // IAM.2 moves to detective from D2; CloudTrail.1 was incident-response on D1, cleared (back to detective) from D2.
  await insertDomainOverride(prisma, { controlId: 'IAM.2', domain: 'detective', effectiveFrom: D2 });
  await insertDomainOverride(prisma, { controlId: 'CloudTrail.1', domain: 'incident-response', effectiveFrom: D1 });
  await insertDomainOverride(prisma, { controlId: 'CloudTrail.1', domain: null, cleared: true, effectiveFrom: D2 });

  // Organisation-wide controls: accounts per status each recorded day, with that day's domain.
  for (const day of [D1, D2, D3]) {
    const later = day !== D1;
    await insertControlDays(
      prisma,
      { day, controlId: 'IAM.1', domain: 'iam', passed: later ? 2 : 1, failed: later ? 0 : 1 },
      { day, controlId: 'IAM.2', domain: later ? 'detective' : 'iam', passed: 2 },
      { day, controlId: 'CloudTrail.1', domain: later ? 'detective' : 'incident-response', failed: 1, noData: 1 },
      { day, controlId: 'Unmapped.1', domain: '', unknown: 1 },
      { day, controlId: 'config:restricted-ssh', domain: 'infrastructure', failed: day === D3 ? 0 : 2, passed: day === D3 ? 2 : 0 },
    );
  }
}
