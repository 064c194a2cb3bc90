import { z } from 'zod';

// The typed registry of queues: name -> payload schema. Handlers live in jobs/, one file per job; the worker
// validates every payload at its boundary (a malformed job fails without retries).

const uuid = z.uuid();
const region = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/);
const accountId = z.string().regex(/^\d{12}$/);

export const findingsMode = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('initial') }),
  z.object({ kind: z.literal('full') }),
  z.object({ kind: z.literal('incremental'), cursor: z.iso.datetime({ offset: true }) }),
]);

export const payloads = {
  'sync.start': z.object({ runId: uuid }),
  'sync.finalise': z.object({ runId: uuid }),
  'sync.scheduled': z.object({ kind: z.enum(['incremental', 'full']) }),
  'securityhub.page': z.object({
    runId: uuid,
    region,
    mode: findingsMode,
    page: z.number().int().min(0),
    token: z.string().max(100_000).optional(),
    maxUpdatedAt: z.string().optional(),
  }),
  'config.aggregate': z.object({ runId: uuid, aggregator: z.string().min(1).max(256), region }),
  'config.details': z.object({
    runId: uuid,
    aggregator: z.string().min(1).max(256),
    /** The aggregator's (home) region: where the calls go. */
    region,
    accountId,
    rules: z.array(z.object({ ruleName: z.string().min(1).max(256), region })).max(10_000),
  }),
  'config.region': z.object({ runId: uuid, region }),
  'organizations.accounts': z.object({ runId: uuid, region }),
} as const;

export type JobName = keyof typeof payloads;
export type Payload<N extends JobName> = z.infer<(typeof payloads)[N]>;

/**
 * One queue per rate-limit bucket. AWS throttles per calling account and region; Pillar calls with one identity,
 * so a bucket is a service in a region. BullMQ's limiter is global across worker processes (it lives in Redis).
 */
export const queueNames = {
  control: 'pillar-sync',
  securityhub: (r: string) => `pillar-securityhub-${r}`,
  config: (r: string) => `pillar-config-${r}`,
  organizations: 'pillar-organizations',
} as const;

/** Which queue carries a job. */
export function queueFor(name: JobName, payload: { region?: string }): string {
  switch (name) {
    case 'sync.start':
    case 'sync.finalise':
    case 'sync.scheduled':
      return queueNames.control;
    case 'securityhub.page':
      return queueNames.securityhub(payload.region ?? '');
    case 'config.aggregate':
    case 'config.details':
    case 'config.region':
      return queueNames.config(payload.region ?? '');
    case 'organizations.accounts':
      return queueNames.organizations;
  }
}

/** GetFindings: 3 requests/s per account and region (burst 6): one page per job, at most 3 jobs a second. */
export const SECURITYHUB_LIMIT = { max: 3, duration: 1000 };
/** Config calls: 10/s; a Config job makes several calls, each retried by the SDK when throttled. */
export const CONFIG_LIMIT = { max: 4, duration: 1000 };

export const JOB_DEFAULTS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
