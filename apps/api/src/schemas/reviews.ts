import { z } from 'zod';
import { AccountId, IsoDate } from './common.ts';
import { FindingList } from './findings.ts';
import { DomainKeySchema, ScoreChange, SeverityLabelSchema } from './scores.ts';

const PairChange = z.object({
  accountId: AccountId,
  controlId: z.string(),
  domain: DomainKeySchema.nullable(),
  title: z.string(),
  severity: SeverityLabelSchema.nullable(),
});

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
  newFindings: FindingList,
  resolvedFindings: FindingList,
  suppressedFindings: FindingList,
});
