import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountControlsOn,
  accountTotalsOn,
  controlIdsInDomain,
  findingChangeCandidates,
  findingsPage,
  latestDomainOverrides,
  orgTotalsOn,
  pairChangeCandidates,
} from '../../src/index.ts';
import {
  createTestDatabase,
  insertAccountDays,
  insertAccounts,
  insertControlDays,
  insertControls,
  insertDomainOverride,
  insertFindingHistory,
  insertFindings,
  insertOrgDays,
  insertPairHistory,
  insertRecordedDays,
  type TestDatabase,
} from '../../../testkit/src/index.ts';

const A = '444444444444';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const prisma = db.prisma;
  await insertAccounts(prisma, { id: A });
  await insertControls(
    prisma,
    { id: 'X.1', domain: 'iam' },
    { id: 'X.2', domain: 'iam' },
    { id: 'X.3', domain: null },
    { id: 'X.4', domain: 'detective' },
  );
  // X.1: detective from 03-10, then infrastructure from 03-20 (two rows that day: the later id wins), cleared 04-01.
  await insertDomainOverride(prisma, { controlId: 'X.1', domain: 'detective', effectiveFrom: '2026-03-10' });
  await insertDomainOverride(prisma, { controlId: 'X.1', domain: 'data-protection', effectiveFrom: '2026-03-20' });
  await insertDomainOverride(prisma, { controlId: 'X.1', domain: 'infrastructure', effectiveFrom: '2026-03-20' });
  await insertDomainOverride(prisma, { controlId: 'X.1', domain: null, cleared: true, effectiveFrom: '2026-04-01' });
  // X.2 explicitly unmapped from 03-15; X.3 (no default) mapped to iam from 03-15.
  await insertDomainOverride(prisma, { controlId: 'X.2', domain: null, effectiveFrom: '2026-03-15' });
  await insertDomainOverride(prisma, { controlId: 'X.3', domain: 'iam', effectiveFrom: '2026-03-15' });
});
afterAll(() => db.drop());

describe('the domain of a control on a day', () => {
  it.each([
    ['2026-03-09', ['X.1', 'X.2']],
    ['2026-03-10', ['X.2']],
    ['2026-03-15', ['X.3']],
    ['2026-03-20', ['X.3']],
    ['2026-04-01', ['X.1', 'X.3']],
  ])('on %s the iam controls are %j', async (day, ids) => {
    expect((await controlIdsInDomain(db.prisma, { domain: 'iam', day })).sort()).toEqual(ids);
  });

  it('takes the latest override of the day by id, and a cleared one goes back to the default', async () => {
    expect(await controlIdsInDomain(db.prisma, { domain: 'infrastructure', day: '2026-03-25' })).toEqual(['X.1']);
    expect(await controlIdsInDomain(db.prisma, { domain: 'data-protection', day: '2026-03-25' })).toEqual([]);
    expect((await controlIdsInDomain(db.prisma, { domain: 'detective', day: '2026-03-12' })).sort()).toEqual(['X.1', 'X.4']);
  });

  it('lists the latest row per control, cleared ones included', async () => {
    const rows = await latestDomainOverrides(db.prisma);
    expect(rows.map((r) => [r.controlId, r.domain, r.cleared, r.effectiveFrom])).toEqual([
      ['X.1', null, true, '2026-04-01'],
      ['X.2', null, false, '2026-03-15'],
      ['X.3', 'iam', false, '2026-03-15'],
    ]);
    expect((await latestDomainOverrides(db.prisma, { controlId: 'X.2' })).map((r) => r.controlId)).toEqual(['X.2']);
  });
});

describe('aggregates in force on a day', () => {
  beforeAll(async () => {
    await insertRecordedDays(db.prisma, ['2026-05-01', '2026-05-10']);
    await insertOrgDays(db.prisma, { day: '2026-05-01', domain: 'iam', passed: 1 }, { day: '2026-05-10', domain: 'iam', passed: 2 });
    await insertAccountDays(
      db.prisma,
      { accountId: A, domain: 'iam', passed: 1, fromDay: '2026-05-01', toDay: '2026-05-05' },
      { accountId: A, domain: 'iam', passed: 2, fromDay: '2026-05-05' },
      { accountId: A, domain: 'detective', failed: 1, fromDay: '2026-05-01', toDay: '2026-05-08' },
      { accountId: A, source: 'config', domain: '', unknown: 3, fromDay: '2026-05-03' },
    );
  });

  it('reads the org rows of the latest recorded day on or before D', async () => {
    expect(await orgTotalsOn(db.prisma, { day: '2026-04-30' })).toEqual({ recordedDay: null, rows: [] });
    const mid = await orgTotalsOn(db.prisma, { day: '2026-05-09' });
    expect(mid.recordedDay).toBe('2026-05-01');
    expect(mid.rows).toEqual([expect.objectContaining({ source: 'securityhub', domain: 'iam', passed: 1, failed: 0 })]);
    expect((await orgTotalsOn(db.prisma, { day: '2026-05-10', source: 'config' })).rows).toEqual([]);
  });

  it("probes one row per key of the account, ended rows left out", async () => {
    const at = async (day: string) =>
      (await accountTotalsOn(db.prisma, { accountId: A, day }))
        .map((r) => `${r.source}/${r.domain || '-'}:${r.passed}/${r.failed}/${r.unknown}`)
        .sort();
    expect(await at('2026-04-30')).toEqual([]);
    expect(await at('2026-05-02')).toEqual(['securityhub/detective:0/1/0', 'securityhub/iam:1/0/0']);
    expect(await at('2026-05-05')).toEqual(['config/-:0/0/3', 'securityhub/detective:0/1/0', 'securityhub/iam:2/0/0']);
    expect(await at('2026-05-08')).toEqual(['config/-:0/0/3', 'securityhub/iam:2/0/0']);
  });
});

describe('pair changes of a week', () => {
  beforeAll(async () => {
    await insertPairHistory(db.prisma, { accountId: A, controlId: 'X.4' }, [
      { from: '2026-06-01', status: 'FAILED' },
      { from: '2026-06-09', status: 'PASSED' },
      { from: '2026-06-12', status: 'FAILED' },
    ]);
    // Ends inside the week without a successor.
    await insertPairHistory(db.prisma, { accountId: A, controlId: 'X.3' }, [{ from: '2026-06-01', status: 'FAILED' }], '2026-06-10');
  });

  it('gives the status at both ends of the candidates that started a row in (S1, S2]', async () => {
    const rows = await pairChangeCandidates(db.prisma, { s1: '2026-06-07', s2: '2026-06-14' });
    expect(rows.map((r) => [r.controlId, r.before, r.after, r.domain])).toEqual([['X.4', 'FAILED', 'FAILED', 'detective']]);
    const ended = await pairChangeCandidates(db.prisma, { s1: '2026-05-31', s2: '2026-06-14' });
    expect(ended.map((r) => [r.controlId, r.before, r.after])).toEqual([
      ['X.3', null, null],
      ['X.4', null, 'FAILED'],
    ]);
    expect(await pairChangeCandidates(db.prisma, { s1: '2026-06-07', s2: '2026-06-14', accountId: '999999999999' })).toEqual([]);
  });

  it('lists the controls of an account in force on a day', async () => {
    const rows = await accountControlsOn(db.prisma, { accountId: A, day: '2026-06-10' });
    expect(rows.map((r) => [r.controlId, r.status, r.statusSince])).toEqual([['X.4', 'PASSED', '2026-06-09']]);
  });
});

describe('findings', () => {
  let ids: bigint[];
  beforeAll(async () => {
    const rows = await insertFindings(
      db.prisma,
      ...Array.from({ length: 5 }, (_, i) => ({ accountId: A, title: `page ${i}`, firstObservedAt: new Date(`2026-07-0${i + 1}T12:00:00Z`) })),
    );
    ids = rows.map((r) => r.id);
    await insertFindingHistory(db.prisma, ids[0]!, [{ from: '2026-07-01', state: 'open' }, { from: '2026-07-08', state: 'archived' }]);
  });

  it('pages newest first and says exactly whether more follow', async () => {
    const q = { filter: { q: 'page ' }, day: '2026-07-10' };
    const first = await findingsPage(db.prisma, { ...q, limit: 3 });
    expect(first.rows.map((r) => BigInt(r.id))).toEqual([ids[4], ids[3], ids[2]]);
    expect(first.hasMore).toBe(true);
    const second = await findingsPage(db.prisma, { ...q, limit: 2, beforeId: ids[2] });
    expect(second.rows.map((r) => BigInt(r.id))).toEqual([ids[1], ids[0]]);
    expect(second.hasMore).toBe(false);
  });

  it('finds week candidates with their recorded state at both ends', async () => {
    const rows = await findingChangeCandidates(db.prisma, {
      s1: '2026-07-05',
      s2: '2026-07-12',
      weekStart: new Date('2026-07-06T00:00:00Z'),
      weekEnd: new Date('2026-07-13T00:00:00Z'),
    });
    expect(rows).toEqual([
      {
        id: String(ids[0]),
        firstObservedAt: new Date('2026-07-01T12:00:00Z'),
        before: { state: 'open', isOpen: true, complianceStatus: 'FAILED', workflowStatus: 'NEW' },
        after: { state: 'archived', isOpen: false, complianceStatus: 'FAILED', workflowStatus: 'NEW' },
      },
    ]);
  });
});

describe('the domain in force of a Config-rule control', () => {
  // SCORING.md "Domains": a Config-rule control takes the domain of the catalog control whose configRule is its
  // rule name (conformance-pack suffix removed) or its managed SourceIdentifier; an override of that catalog
  // control, explicit unmapping included, carries over unless the Config-rule control has its own.
  const B = '555555555555';
  const PACKED = 'config:s3-bucket-versioning-enabled-conformance-pack-abc123';
  const RENAMED = 'config:my-versioning-check';
  const FLOW = 'config:vpc-flow-logs-enabled';
  const LAMBDA = 'config:lambda-function-public-access-prohibited';
  const CUSTOM = 'config:required-tags';
  const rule = (id: string) => id.slice('config:'.length);

  beforeAll(async () => {
    const prisma = db.prisma;
    await insertAccounts(prisma, { id: B });
    await insertControls(
      prisma,
      { id: 'S3.14', domain: 'incident-response', configRule: 's3-bucket-versioning-enabled' },
      { id: 'EC2.6', domain: 'incident-response', configRule: 'vpc-flow-logs-enabled' },
      { id: 'Lambda.1', domain: 'incident-response', configRule: 'lambda-function-public-access-prohibited' },
      ...[PACKED, RENAMED, FLOW, LAMBDA].map((id) => ({ id, domain: 'incident-response', configRule: rule(id), inCatalog: false })),
      { id: CUSTOM, domain: null, configRule: rule(CUSTOM), inCatalog: false },
    );
    // The renamed rule is the managed S3_BUCKET_VERSIONING_ENABLED: its catalog control is S3.14.
    await prisma.configRule.create({
      data: {
        accountId: B,
        region: 'us-east-1',
        name: rule(RENAMED),
        arn: `arn:aws:config:us-east-1:${B}:config-rule/config-rule-abc`,
        sourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
        controlId: RENAMED,
        lastSeenSyncId: '00000000-0000-4000-8000-000000000001',
      },
    });
    for (const id of [PACKED, RENAMED, FLOW, LAMBDA, CUSTOM]) {
      await insertPairHistory(prisma, { accountId: B, controlId: id }, [{ from: '2026-08-01', status: 'FAILED' }]);
    }
    // From 08-10: S3.14 explicitly unmapped, EC2.6 detective, Lambda.1 unmapped but its rule's control has its own.
    await insertDomainOverride(prisma, { controlId: 'S3.14', domain: null, effectiveFrom: '2026-08-10' });
    await insertDomainOverride(prisma, { controlId: 'EC2.6', domain: 'detective', effectiveFrom: '2026-08-10' });
    await insertDomainOverride(prisma, { controlId: 'Lambda.1', domain: null, effectiveFrom: '2026-08-10' });
    await insertDomainOverride(prisma, { controlId: LAMBDA, domain: 'infrastructure', effectiveFrom: '2026-08-10' });
  });

  const domains = async (day: string) =>
    Object.fromEntries((await accountControlsOn(db.prisma, { accountId: B, day })).map((r) => [r.controlId, r.domain]));

  it('follows an override of its catalog control, a domain or an explicit unmapping, unless it has its own', async () => {
    expect(await domains('2026-08-09')).toEqual({
      [FLOW]: 'incident-response',
      [LAMBDA]: 'incident-response',
      [RENAMED]: 'incident-response',
      [PACKED]: 'incident-response',
      [CUSTOM]: null,
    });
    expect(await domains('2026-08-10')).toEqual({ [FLOW]: 'detective', [LAMBDA]: 'infrastructure', [RENAMED]: null, [PACKED]: null, [CUSTOM]: null });
    expect((await controlIdsInDomain(db.prisma, { domain: 'detective', day: '2026-08-10' })).filter((id) => id !== 'X.4').sort()).toEqual(['EC2.6', FLOW]);
    const changes = await pairChangeCandidates(db.prisma, { s1: '2026-07-26', s2: '2026-08-10', accountId: B });
    expect(Object.fromEntries(changes.map((r) => [r.controlId, r.domain]))).toEqual(await domains('2026-08-10'));
  });

  it('shows on a recorded day the domain that day was recorded with, as the aggregates count it', async () => {
    // 08-12 recorded with the overrides in force; EC2.6 goes to data-protection from 08-14, recorded on 08-16.
    await insertRecordedDays(db.prisma, ['2026-08-12', '2026-08-16']);
    await insertControlDays(
      db.prisma,
      ...[{ day: '2026-08-12', flow: 'detective' }, { day: '2026-08-16', flow: 'data-protection' }].flatMap(({ day, flow }) => [
        { day, controlId: FLOW, domain: flow, failed: 1 },
        { day, controlId: LAMBDA, domain: 'infrastructure', failed: 1 },
        { day, controlId: RENAMED, domain: '', failed: 1 },
        { day, controlId: PACKED, domain: '', failed: 1 },
        { day, controlId: CUSTOM, domain: '', failed: 1 },
      ]),
    );
    await insertDomainOverride(db.prisma, { controlId: 'EC2.6', domain: 'data-protection', effectiveFrom: '2026-08-14' });
    const recorded = { [FLOW]: 'detective', [LAMBDA]: 'infrastructure', [RENAMED]: null, [PACKED]: null, [CUSTOM]: null };
    expect(await domains('2026-08-12')).toEqual(recorded);
    // The override applies from the next recorded day: 08-14 and 08-15 still show 08-12 as recorded.
    expect(await domains('2026-08-15')).toEqual(recorded);
    expect(await domains('2026-08-16')).toEqual({ ...recorded, [FLOW]: 'data-protection' });
  });
});
