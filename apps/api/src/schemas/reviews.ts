import { z } from 'zod';
import { AccountId, IsoDate } from './common.ts';
import { FindingList } from './findings.ts';
import { DomainKeySchema, ScoreChange, SeverityLabelSchema } from './scores.ts';

const PairChange = z.object({
  accountId: AccountId,
  controlId: z.string(),
  domain: DomainKeySchema.nullable().describe("The control's domain at the end of the week; null = unmapped"),
  title: z.string(),
  severity: SeverityLabelSchema.nullable(),
});

/** What a review's finding item shows: the history Pillar keeps, and the fields it has no history of. */
const AS_OF =
  // Not "as at": the YAML of /api/docs folds long lines, and a line starting with "at " reads as a stack trace.
  'Compliance status, workflow status, record state, severity and domain are as of the end of the week; title, ' +
  'resources and updatedAt are as they are now (Pillar keeps no history of them).';

export const WeeklyReview = z.object({
  week: z.string().describe('YYYY-Www'),
  from: IsoDate.describe('Monday of the week'),
  to: IsoDate.describe('The end of the week: its Sunday, or today for the current week'),
  previousWeek: z.string(),
  accountId: AccountId.nullable().describe('The account the review is narrowed to; null = the organisation'),
  overall: ScoreChange,
  domains: z.array(ScoreChange.extend({ key: DomainKeySchema, name: z.string() })).length(5),
  accounts: z.array(ScoreChange.extend({ accountId: AccountId, name: z.string() })).describe('Biggest regressions first'),
  newlyFailing: z.array(PairChange).max(500),
  newlyFailingCount: z.number().int().nonnegative(),
  noLongerFailing: z.array(PairChange).max(500),
  noLongerFailingCount: z.number().int().nonnegative(),
  newFindings: FindingList.describe(`Findings first observed in the week. ${AS_OF}`),
  resolvedFindings: FindingList.describe(`Findings that stopped being open in the week. ${AS_OF}`),
  suppressedFindings: FindingList.describe(`Findings suppressed in the week. ${AS_OF}`),
});
