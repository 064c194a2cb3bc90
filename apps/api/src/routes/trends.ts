import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountName, accountTrend, orgTrend, type DayDomainCounts, type PrismaClient } from '@pillar/db';
import { addDays, NotFoundError, ValidationError, type Day } from '@pillar/domain';
import { dayCount, daysOf, resolveDay, todayUtc } from '../read/days.ts';
import { carryForward, expandIntervals, weekPointDays } from '../read/timeline.ts';
import { domainScoresOut, emptyTotals, scoreOut, totalsOf, type Totals } from '../read/totals.ts';
import { AccountId, AUTH_ERRORS, errors, IsoDate } from '../schemas/common.ts';
import { DomainScore, Score } from '../schemas/scores.ts';

export type TrendDeps = { prisma: PrismaClient };

/** The longest range a trend covers (a leap year, every day). */
export const MAX_TREND_DAYS = 366;
const DEFAULT_TREND_DAYS = 90;

const Trends = z.object({
  interval: z.enum(['day', 'week']),
  from: IsoDate,
  to: IsoDate,
  points: z.array(
    z.object({
      date: IsoDate.describe("The day whose end the point shows; for a week its Sunday (today for the current week)"),
      overall: Score,
      domains: z.array(DomainScore).length(5),
    }),
  ),
});

export const trendRoutes =
  (deps: TrendDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    /** Totals at each day, carried forward from the recorded days (organisation) or the intervals (account). */
    async function totalsAt(days: readonly Day[], accountId: string | undefined): Promise<Totals[]> {
      const lo = days[0];
      const hi = days.at(-1);
      if (lo === undefined || hi === undefined) return [];
      if (accountId !== undefined) {
        const intervals = await accountTrend(deps.prisma, { accountId, from: lo, to: hi });
        return expandIntervals(days, intervals).map(totalsOf);
      }
      const trend = await orgTrend(deps.prisma, { from: lo, to: hi });
      const byDay = new Map<Day, DayDomainCounts[]>();
      for (const row of trend.rows) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
      return carryForward(days, trend.recordedDays, (d) => totalsOf(byDay.get(d) ?? []), emptyTotals());
    }

    app.get(
      '/api/v1/trends',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['posture'],
          summary: 'Scores per day or ISO week over a range (default the last 90 days, at most 366 days)',
          querystring: z.object({
            from: IsoDate.optional().describe('First day; default 89 days before `to`'),
            to: IsoDate.optional().describe('Last day; default today'),
            interval: z.enum(['day', 'week']).default('day'),
            accountId: AccountId.optional(),
          }),
          response: { 200: Trends, ...AUTH_ERRORS, ...errors(404) },
        },
      },
      async (request) => {
        const { interval, accountId } = request.query;
        const today = todayUtc();
        const to = resolveDay(request.query.to, today, 'to');
        const from = resolveDay(request.query.from ?? addDays(to, -(DEFAULT_TREND_DAYS - 1)), today, 'from');
        if (from > to) throw new ValidationError('Invalid query: "from" is after "to".');
        if (dayCount(from, to) > MAX_TREND_DAYS) {
          throw new ValidationError(`Invalid query: a trend covers at most ${MAX_TREND_DAYS} days.`);
        }
        if (accountId !== undefined && (await accountName(deps.prisma, accountId)) === null) {
          throw new NotFoundError(`No account ${accountId}.`);
        }
        const days = interval === 'day' ? daysOf(from, to) : weekPointDays(from, to, today);
        const totals = await totalsAt(days, accountId);
        const points = days.map((date, i) => {
          const t = totals[i] ?? emptyTotals();
          return { date, overall: scoreOut(t.overall), domains: domainScoresOut(t) };
        });
        return { interval, from, to, points };
      },
    );
  };
