import { z } from 'zod';

const range = z
  .tuple([z.number().int().min(0).max(10_000), z.number().int().min(0).max(10_000)])
  .refine(([a, b]) => a <= b, 'range must be [min, max] with min <= max');

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region name');

/** What the generated organisation looks like. Every field has a default; the same options give the same org. */
export const worldOptionsSchema = z.object({
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  /** Total accounts, the management account included (a "50-account organisation" is `accounts: 50`). */
  accounts: z.number().int().min(1).max(5000).default(10),
  regions: z.array(region).min(1).max(30).default(['us-east-1', 'eu-west-1']),
  /** First simulated day (UTC). */
  startDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2025-06-02'),
  controlsPerAccount: range.default([24, 40]),
  resourcesPerControl: range.default([1, 5]),
  guardDutyPerAccountRegion: range.default([0, 4]),
  inspectorPerAccountRegion: range.default([0, 5]),
  /** Share of member accounts that still send per-standard (non-consolidated) control findings. */
  legacyAccountFraction: z.number().min(0).max(1).default(0.15),
  /** Member account x region pairs with Security Hub not enabled (default: 1 in orgs of 8+ accounts and 2+ regions). */
  disabledHubs: z.number().int().min(0).optional(),
  aggregator: z
    .union([z.literal(false), z.object({ name: z.string().regex(/^[\w-]{1,256}$/).optional(), region: region.optional() })])
    .default({}),
});

export type WorldOptions = z.input<typeof worldOptionsSchema>;
export type ResolvedWorldOptions = z.output<typeof worldOptionsSchema>;

export function resolveWorldOptions(options: WorldOptions = {}): ResolvedWorldOptions {
  return worldOptionsSchema.parse(options);
}

export const DEFAULT_AGGREGATOR_NAME = 'pillar-org-aggregator';
