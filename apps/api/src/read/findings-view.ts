import type { FindingRow } from '@pillar/db';
import type { DomainKey, SeverityLabel } from '@pillar/domain';
import { csvLine } from './csv.ts';

export type FindingOut = {
  id: string;
  productArn: string;
  productName: string;
  accountId: string;
  region: string;
  controlId: string | null;
  domain: DomainKey | null;
  title: string;
  severity: SeverityLabel;
  complianceStatus: string | null;
  workflowStatus: string;
  recordState: string;
  resources: { Type?: string; Id: string }[];
  firstObservedAt: string;
  updatedAt: string;
};

/**
 * A finding for the list. Resources come from the stored ids (the raw ASFF is only read by the drawer); the
 * stored resource type is that of the first resource.
 */
export function findingOut(row: FindingRow): FindingOut {
  return {
    id: row.id,
    productArn: row.productArn,
    productName: row.productName,
    accountId: row.accountId,
    region: row.region,
    controlId: row.controlId,
    // Both are CHECK-constrained to these vocabularies in the database.
    domain: row.domain as DomainKey | null,
    title: row.title,
    severity: row.severity as SeverityLabel,
    complianceStatus: row.complianceStatus,
    workflowStatus: row.workflowStatus,
    recordState: row.recordState,
    resources: row.resourceIds.map((id, i) => (i === 0 && row.resourceType !== null ? { Type: row.resourceType, Id: id } : { Id: id })),
    firstObservedAt: row.firstObservedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const FINDING_CSV_HEADER = csvLine([
  'id',
  'accountId',
  'region',
  'productName',
  'controlId',
  'domain',
  'severity',
  'title',
  'complianceStatus',
  'workflowStatus',
  'recordState',
  'resourceType',
  'resourceIds',
  'firstObservedAt',
  'updatedAt',
  'productArn',
]);

export function findingCsvLine(f: FindingOut): string {
  return csvLine([
    f.id,
    f.accountId,
    f.region,
    f.productName,
    f.controlId,
    f.domain,
    f.severity,
    f.title,
    f.complianceStatus,
    f.workflowStatus,
    f.recordState,
    f.resources[0]?.Type,
    f.resources.map((r) => r.Id).join(' '),
    f.firstObservedAt,
    f.updatedAt,
    f.productArn,
  ]);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, max) : undefined;
}

/** The raw ASFF's resources (Type, Id, Region, Partition) for the drawer; unreadable entries are dropped. */
export function resourcesOfRaw(raw: unknown): { Type?: string; Id: string; Region?: string; Partition?: string }[] | null {
  if (typeof raw !== 'object' || raw === null || !('Resources' in raw) || !Array.isArray(raw.Resources)) return null;
  const out: { Type?: string; Id: string; Region?: string; Partition?: string }[] = [];
  for (const r of raw.Resources as Json[]) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
    const id = text(r.Id, 1024);
    if (id === undefined) continue;
    const type = text(r.Type, 256);
    const region = text(r.Region, 64);
    const partition = text(r.Partition, 16);
    out.push({ Id: id, ...(type && { Type: type }), ...(region && { Region: region }), ...(partition && { Partition: partition }) });
  }
  return out;
}

/** `Remediation.Recommendation.Url` of the raw ASFF when it is an https URL. */
export function remediationUrlOfRaw(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('Remediation' in raw)) return null;
  const rem = raw.Remediation;
  if (typeof rem !== 'object' || rem === null || !('Recommendation' in rem)) return null;
  const rec = rem.Recommendation;
  if (typeof rec !== 'object' || rec === null || !('Url' in rec) || typeof rec.Url !== 'string') return null;
  return /^https:\/\/[^\s]{1,2000}$/.test(rec.Url) ? rec.Url : null;
}
