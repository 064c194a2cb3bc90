import { z } from 'zod';
import { DOMAINS, SEVERITY_LABELS, type DomainKey } from '@pillar/domain';

const Count = z.number().int().nonnegative();

export const DomainKeySchema = z.enum(DOMAINS.map((d) => d.key) as [DomainKey, ...DomainKey[]]);
export const SeverityLabelSchema = z.enum(SEVERITY_LABELS);
export const PairStatusSchema = z.enum(['PASSED', 'FAILED', 'UNKNOWN', 'NO_DATA']);

/** SCORING.md: a score always travels with its counts; null = no data (never 0, never 100). */
export const Score = z
  .object({
    score: z.number().min(0).max(100).nullable().describe('100 * passed / (passed + failed + unknown), one decimal; null = no data'),
    passed: Count,
    failed: Count,
    unknown: Count,
    noData: Count,
  });

export const DomainScore = Score.extend({ key: DomainKeySchema, name: z.string() });

/** Counts of open findings by severity. */
export const Severities = z
  .object({ CRITICAL: Count, HIGH: Count, MEDIUM: Count, LOW: Count, INFORMATIONAL: Count });

/** A domain's score with its open findings (posture and account pages; an addition to CONTRACT.md's DomainScore). */
export const DomainPosture = DomainScore.extend({ openFindings: Severities });

/** Always the five domains, in CONTRACT.md's order. */
export const DomainScores = z.array(DomainScore).length(DOMAINS.length);

export const ScoreChange = z.object({
  current: Score,
  previous: Score,
  delta: z.number().nullable().describe('current - previous from unrounded scores, one decimal; null when either is null'),
});
