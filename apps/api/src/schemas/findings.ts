import { z } from 'zod';
import { AccountId } from './common.ts';
import { DomainKeySchema, SeverityLabelSchema } from './scores.ts';

export const Resource = z.object({
  Type: z.string().optional(),
  Id: z.string(),
  Region: z.string().optional(),
  Partition: z.string().optional(),
});

export const FindingItem = z.object({
  id: z.string().regex(/^\d+$/),
  productArn: z.string(),
  productName: z.string(),
  accountId: AccountId,
  region: z.string(),
  controlId: z.string().nullable(),
  domain: DomainKeySchema.nullable().describe("A control check's control domain (today), else the product's; null = none"),
  title: z.string(),
  severity: SeverityLabelSchema,
  complianceStatus: z.string().nullable(),
  workflowStatus: z.string(),
  recordState: z.string(),
  resources: z.array(Resource),
  firstObservedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const FindingDetail = FindingItem.extend({
  remediationUrl: z.string().nullable().describe("The control's remediation page, else the finding's Remediation.Recommendation.Url"),
  raw: z.unknown().describe('The finding as AWS returned it (ASFF)'),
});

export const FindingsPage = z.object({
  items: z.array(FindingItem),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});

/** A list of findings whose count is exact while the items are capped. */
export const FindingList = z.object({ count: z.number().int().nonnegative(), items: z.array(FindingItem) });
