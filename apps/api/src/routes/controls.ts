import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountControlsOn, accountName, controlsOn, type PrismaClient } from '@pillar/db';
import { NotFoundError, type DomainKey, type SeverityLabel } from '@pillar/domain';
import { resolveDay, todayUtc } from '../read/days.ts';
import { AccountId, AUTH_ERRORS, errors, IsoDate } from '../schemas/common.ts';
import { DomainKeySchema, PairStatusSchema, SeverityLabelSchema } from '../schemas/scores.ts';

export type ControlDeps = { prisma: PrismaClient };

const Count = z.number().int().nonnegative();

const ControlSummary = z.object({
  controlId: z.string(),
  title: z.string(),
  severity: SeverityLabelSchema.nullable(),
  domain: DomainKeySchema.nullable().describe('null = unmapped'),
  passed: Count.describe('Accounts where the control passed'),
  failed: Count,
  unknown: Count,
  noData: Count,
});

type ControlItem = z.input<typeof ControlSummary>;

const STATUS_FIELD = { PASSED: 'passed', FAILED: 'failed', UNKNOWN: 'unknown', NO_DATA: 'noData' } as const;

export const controlRoutes =
  (deps: ControlDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get(
      '/api/v1/controls',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['controls'],
          summary: 'Controls with the number of accounts in each status, most failed first',
          querystring: z.object({
            accountId: AccountId.optional().describe('One account: the counts are 0 or 1'),
            domain: z.union([DomainKeySchema, z.literal('unmapped')]).optional(),
            status: PairStatusSchema.optional().describe('Keep controls with at least one account in this status'),
            date: IsoDate.optional(),
          }),
          response: { 200: z.object({ date: IsoDate, items: z.array(ControlSummary) }), ...AUTH_ERRORS, ...errors(404) },
        },
      },
      async (request) => {
        const { accountId, domain, status } = request.query;
        const date = resolveDay(request.query.date, todayUtc());
        let items: ControlItem[];
        if (accountId === undefined) {
          const rows = await controlsOn(deps.prisma, { day: date, domain: domain === 'unmapped' ? '' : domain });
          items = rows.map((r) => ({ ...r, severity: r.severity as SeverityLabel | null, domain: r.domain as DomainKey | null }));
        } else {
          if ((await accountName(deps.prisma, accountId)) === null) throw new NotFoundError(`No account ${accountId}.`);
          const rows = await accountControlsOn(deps.prisma, { accountId, day: date });
          items = rows
            .filter((r) => domain === undefined || (domain === 'unmapped' ? r.domain === null : r.domain === domain))
            .map((r) => ({
              controlId: r.controlId,
              title: r.title,
              severity: r.severity as SeverityLabel | null,
              domain: r.domain as DomainKey | null,
              passed: r.status === 'PASSED' ? 1 : 0,
              failed: r.status === 'FAILED' ? 1 : 0,
              unknown: r.status === 'UNKNOWN' ? 1 : 0,
              noData: r.status === 'NO_DATA' ? 1 : 0,
            }));
        }
        if (status !== undefined) items = items.filter((i) => i[STATUS_FIELD[status]] > 0);
        items.sort((a, b) => b.failed - a.failed || (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0));
        return { date, items };
      },
    );
  };
