import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountName, accountTotalsOn, orgTotalsOn, type PrismaClient } from '@pillar/db';
import { NotFoundError } from '@pillar/domain';
import { resolveDay, todayUtc } from '../read/days.ts';
import { domainPostureOut, scoreOut, totalsOf } from '../read/totals.ts';
import { AccountId, AUTH_ERRORS, errors, IsoDate } from '../schemas/common.ts';
import { Region, Source } from '../schemas/read-params.ts';
import { DomainPosture, Score, Severities } from '../schemas/scores.ts';

export type PostureDeps = { prisma: PrismaClient };

const Posture = z.object({
  date: IsoDate,
  overall: Score,
  domains: z.array(DomainPosture).length(5),
  unmapped: Score.describe('Controls with no domain: counted in overall, listed here so they can be mapped'),
  openFindings: Severities,
});

export const postureRoutes =
  (deps: PostureDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get(
      '/api/v1/posture',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['posture'],
          summary: 'Scores per domain for the organisation or one account, on a day',
          querystring: z.object({
            accountId: AccountId.optional(),
            region: Region.default('*').describe("A region, or '*' (default) for all regions combined"),
            source: Source.optional().describe('Only Security Hub controls or only Config rules; both when absent'),
            date: IsoDate.optional().describe('The state at the end of this day (UTC); default today'),
          }),
          response: { 200: Posture, ...AUTH_ERRORS, ...errors(404) },
        },
      },
      async (request) => {
        const { accountId, region, source } = request.query;
        const date = resolveDay(request.query.date, todayUtc());
        let rows;
        if (accountId === undefined) {
          rows = (await orgTotalsOn(deps.prisma, { day: date, region, source })).rows;
        } else {
          if ((await accountName(deps.prisma, accountId)) === null) throw new NotFoundError(`No account ${accountId}.`);
          rows = await accountTotalsOn(deps.prisma, { accountId, day: date, region, source });
        }
        const totals = totalsOf(rows);
        return {
          date,
          overall: scoreOut(totals.overall),
          domains: domainPostureOut(totals),
          unmapped: scoreOut(totals.unmapped),
          openFindings: totals.open,
        };
      },
    );
  };
