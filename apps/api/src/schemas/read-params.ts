import { z } from 'zod';
import { REGION_PATTERN } from '@pillar/domain';

/** A region name, or '*' for all regions combined. */
export const Region = z
  .string()
  .max(32)
  .refine((v) => v === '*' || REGION_PATTERN.test(v), 'must be a region name (e.g. eu-west-1) or *');

export const Source = z.enum(['securityhub', 'config']);

/** `IAM.1`, `cis-aws-foundations-benchmark/v/1.2.0/1.4`, `config:<RuleName>`: printable ASCII, no spaces. */
export const ControlId = z.string().regex(/^[\x21-\x7e]{1,256}$/, 'must be a control id');

/** `YYYY-Www`, validated further (week 53 only in long years) by the route. */
export const IsoWeekParam = z.string().regex(/^\d{4}-W\d{2}$/, 'must be an ISO week YYYY-Www');
