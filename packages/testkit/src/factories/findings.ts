import { createHash, randomUUID } from 'node:crypto';
import type { Finding, FindingState, Prisma, PrismaClient } from '@pillar/db';
import { dateOf, intervalsOf, optionalDate, type Day } from './days.ts';

let findingSeq = 0;

const SECURITY_HUB_ARN = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';

export type FindingInput = Partial<Omit<Prisma.FindingCreateManyInput, 'searchText'>> & { accountId: string };

/**
 * A finding row with SCORING.md's derived columns computed from what is given: by default an ACTIVE, NEW,
 * FAILED Security Hub finding (a control check when `controlId` is set), with a small ASFF `raw`.
 */
export function makeFinding(input: FindingInput): Prisma.FindingCreateManyInput {
  findingSeq += 1;
  const controlId = input.controlId ?? null;
  const recordState = input.recordState ?? 'ACTIVE';
  const workflowStatus = input.workflowStatus ?? 'NEW';
  const complianceStatus = input.complianceStatus === undefined ? 'FAILED' : input.complianceStatus;
  const productArn = input.productArn ?? SECURITY_HUB_ARN;
  const region = input.region ?? 'us-east-1';
  const findingId = input.findingId ?? `arn:aws:securityhub:${region}:${input.accountId}:finding/${findingSeq}-${randomUUID()}`;
  const title = input.title ?? `Finding ${findingSeq}`;
  const firstObservedAt = input.firstObservedAt ?? new Date('2026-01-01T00:00:00Z');
  const updatedAt = input.awsUpdatedAt ?? firstObservedAt;
  const resourceIds = (input.resourceIds as string[] | undefined) ?? [`arn:aws:s3:::bucket-${findingSeq}`];
  const resourceType = input.resourceType === undefined ? 'AwsS3Bucket' : input.resourceType;
  const severityLabel = input.severityLabel ?? 'MEDIUM';
  const isControlCheck = controlId !== null;
  const countsForScore = isControlCheck && recordState === 'ACTIVE' && workflowStatus !== 'SUPPRESSED';
  const isOpen =
    recordState === 'ACTIVE' &&
    workflowStatus !== 'SUPPRESSED' &&
    workflowStatus !== 'RESOLVED' &&
    !productArn.endsWith('/aws/config') &&
    (complianceStatus === 'FAILED' || complianceStatus === null);
  const raw = input.raw ?? {
    SchemaVersion: '2018-10-08',
    Id: findingId,
    ProductArn: productArn,
    AwsAccountId: input.accountId,
    Region: region,
    Title: title,
    Severity: { Label: severityLabel },
    ...(complianceStatus === null ? {} : { Compliance: { Status: complianceStatus, ...(controlId ? { SecurityControlId: controlId } : {}) } }),
    Workflow: { Status: workflowStatus },
    RecordState: recordState,
    Resources: resourceIds.map((Id, i) => ({ Id, Type: i === 0 && resourceType ? resourceType : 'Other', Region: region })),
    FirstObservedAt: new Date(firstObservedAt).toISOString(),
    UpdatedAt: new Date(updatedAt).toISOString(),
  };
  const syncId = input.firstSeenSyncId ?? randomUUID();
  return {
    productName: 'Security Hub',
    companyName: 'AWS',
    generatorId: controlId ? `security-control/${controlId}` : 'generator',
    awsCreatedAt: firstObservedAt,
    lastSeenSyncId: syncId,
    ...input,
    productArn,
    findingId,
    region,
    controlId,
    title,
    severityLabel,
    complianceStatus,
    workflowStatus,
    recordState,
    isControlCheck: input.isControlCheck ?? isControlCheck,
    countsForScore: input.countsForScore ?? countsForScore,
    isOpen: input.isOpen ?? isOpen,
    resourceIds,
    resourceType,
    firstObservedAt,
    awsUpdatedAt: updatedAt,
    firstSeenSyncId: syncId,
    raw,
    contentHash: input.contentHash ?? createHash('sha256').update(JSON.stringify(raw)).digest('hex'),
  };
}

/** Inserts findings (ids ascending in argument order). */
export async function insertFindings(prisma: PrismaClient, ...inputs: FindingInput[]): Promise<Finding[]> {
  const rows = await prisma.finding.createManyAndReturn({ data: inputs.map(makeFinding) });
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export type FindingStateName = 'open' | 'passed' | 'archived' | 'resolved' | 'suppressed' | 'gone' | 'other';

export type FindingStateInput = {
  findingId: bigint | string;
  fromDay: Day;
  toDay?: Day | null;
  state: FindingStateName;
  complianceStatus?: string | null;
  workflowStatus?: string;
  /** Severity.Label in the interval; by default none recorded (readers show the finding's current one). */
  severityLabel?: string | null;
};

/** Compliance and workflow that go with a state name, unless given. */
function statusesOf(state: FindingStateName): { complianceStatus: string | null; workflowStatus: string } {
  switch (state) {
    case 'passed':
      return { complianceStatus: 'PASSED', workflowStatus: 'NEW' };
    case 'resolved':
      return { complianceStatus: 'FAILED', workflowStatus: 'RESOLVED' };
    case 'suppressed':
      return { complianceStatus: 'FAILED', workflowStatus: 'SUPPRESSED' };
    default:
      return { complianceStatus: 'FAILED', workflowStatus: 'NEW' };
  }
}

export async function insertFindingStates(prisma: PrismaClient, ...rows: FindingStateInput[]): Promise<FindingState[]> {
  return prisma.findingState.createManyAndReturn({
    data: rows.map((r) => {
      const defaults = statusesOf(r.state);
      return {
        findingId: BigInt(r.findingId),
        fromDay: dateOf(r.fromDay),
        toDay: optionalDate(r.toDay),
        state: r.state,
        isOpen: r.state === 'open',
        complianceStatus: r.complianceStatus === undefined ? defaults.complianceStatus : r.complianceStatus,
        workflowStatus: r.workflowStatus ?? defaults.workflowStatus,
        severityLabel: r.severityLabel ?? null,
      };
    }),
  });
}

/** A finding's state history as consecutive intervals, one per step. */
export async function insertFindingHistory(
  prisma: PrismaClient,
  findingId: bigint | string,
  steps: readonly { from: Day; state: FindingStateName; severityLabel?: string }[],
  end: Day | null = null,
): Promise<FindingState[]> {
  return insertFindingStates(
    prisma,
    ...intervalsOf(steps, end).map((s) => ({ findingId, fromDay: s.from, toDay: s.toDay, state: s.state, severityLabel: s.severityLabel })),
  );
}
