import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountName,
  accountsOn,
  accountTotalsOn,
  findingChangeCandidates,
  findingsAtEndOf,
  orgTotalsOn,
  pairChangeCandidates,
  type AccountDomainRow,
  type PrismaClient,
} from '@pillar/db';
import {
  addDays,
  dayStartMs,
  DOMAINS,
  lastFullWeekBefore,
  NotFoundError,
  parseIsoWeek,
  ValidationError,
  ZERO_COUNTS,
  type StatusCounts,
} from '@pillar/domain';
import { EARLIEST_DAY, todayUtc } from '../read/days.ts';
import { findingOut, type FindingOut } from '../read/findings-view.ts';
import { preferredType } from '../read/negotiate.ts';
import { accountChanges, findingChanges, pairChanges, REVIEW_ITEMS_MAX, type WeeklyReviewOut } from '../read/review.ts';
import { weeklyReviewCsv, weeklyReviewMarkdown } from '../read/review-render.ts';
import { previousWeekSpan, weekSpan, type WeekSpan } from '../read/timeline.ts';
import { changeOut, totalsOf, type Totals } from '../read/totals.ts';
import { AccountId, AUTH_ERRORS, errors } from '../schemas/common.ts';
import { IsoWeekParam } from '../schemas/read-params.ts';
import { WeeklyReview } from '../schemas/reviews.ts';

export type ReviewDeps = { prisma: PrismaClient };

type AccountEnds = { accountId: string; name: string; current: StatusCounts; previous: StatusCounts };

export const reviewRoutes =
  (deps: ReviewDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const db = deps.prisma;

    /** Scores at the ends of both weeks: organisation (org_day) or one account (account_day probes). */
    async function scopeTotals(end: string, accountId: string | undefined): Promise<Totals> {
      if (accountId === undefined) return totalsOf((await orgTotalsOn(db, { day: end })).rows);
      return totalsOf(await accountTotalsOn(db, { accountId, day: end }));
    }

    /** Every account at both ends ("all accounts on D" twice), or the one account. */
    async function accountEnds(cur: WeekSpan, prev: WeekSpan, accountId: string | undefined, name: string | null): Promise<AccountEnds[]> {
      if (accountId !== undefined) {
        const [c, p] = await Promise.all([accountTotalsOn(db, { accountId, day: cur.end }), accountTotalsOn(db, { accountId, day: prev.end })]);
        return [{ accountId, name: name ?? accountId, current: totalsOf(c).overall, previous: totalsOf(p).overall }];
      }
      const [c, p] = await Promise.all([accountsOn(db, { day: cur.end }), accountsOn(db, { day: prev.end })]);
      const byAccount = new Map<string, { name: string; current: AccountDomainRow[]; previous: AccountDomainRow[] }>();
      const entry = (r: AccountDomainRow) => {
        const e = byAccount.get(r.accountId) ?? { name: r.name, current: [], previous: [] };
        byAccount.set(r.accountId, e);
        return e;
      };
      for (const r of c) entry(r).current.push(r);
      for (const r of p) entry(r).previous.push(r);
      return [...byAccount].map(([id, e]) => ({
        accountId: id,
        name: e.name,
        current: e.current.length === 0 ? ZERO_COUNTS : totalsOf(e.current).overall,
        previous: e.previous.length === 0 ? ZERO_COUNTS : totalsOf(e.previous).overall,
      }));
    }

    async function buildReview(cur: WeekSpan, prev: WeekSpan, accountId: string | undefined, name: string | null): Promise<WeeklyReviewOut> {
      const [current, previous, accounts, pairs, findingCands] = await Promise.all([
        scopeTotals(cur.end, accountId),
        scopeTotals(prev.end, accountId),
        accountEnds(cur, prev, accountId, name),
        pairChangeCandidates(db, { s1: prev.end, s2: cur.end, accountId }),
        findingChangeCandidates(db, {
          s1: prev.end,
          s2: cur.end,
          weekStart: new Date(dayStartMs(cur.monday)),
          weekEnd: new Date(dayStartMs(addDays(cur.sunday, 1))),
          accountId,
        }),
      ]);
      const failing = pairChanges(pairs);
      const changes = findingChanges(findingCands, cur.week);
      const shown = (ids: string[]) => ids.slice(0, REVIEW_ITEMS_MAX);
      // Each item as the finding was at the end of W (SCORING.md: the review compares the ends of W and W-1), so
      // a week reviewed again after later syncs lists the same statuses it listed at the time.
      const rows = await findingsAtEndOf(db, {
        ids: [...shown(changes.newFindings), ...shown(changes.resolvedFindings), ...shown(changes.suppressedFindings)],
        day: cur.end,
      });
      const byId = new Map(rows.map((r) => [r.id, findingOut(r)]));
      const list = (ids: string[]) => ({
        count: ids.length,
        items: shown(ids)
          .map((id) => byId.get(id))
          .filter((f): f is FindingOut => f !== undefined),
      });
      return {
        week: cur.label,
        from: cur.monday,
        to: cur.end,
        previousWeek: prev.label,
        accountId: accountId ?? null,
        overall: changeOut(current.overall, previous.overall),
        domains: DOMAINS.map((d) => ({ key: d.key, name: d.name, ...changeOut(current.domains[d.key], previous.domains[d.key]) })),
        accounts: accountChanges(accounts),
        newlyFailing: failing.newlyFailing.slice(0, REVIEW_ITEMS_MAX),
        newlyFailingCount: failing.newlyFailing.length,
        noLongerFailing: failing.noLongerFailing.slice(0, REVIEW_ITEMS_MAX),
        noLongerFailingCount: failing.noLongerFailing.length,
        newFindings: list(changes.newFindings),
        resolvedFindings: list(changes.resolvedFindings),
        suppressedFindings: list(changes.suppressedFindings),
      };
    }

    app.get(
      '/api/v1/reviews/weekly',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['reviews'],
          summary: 'Week-over-week review; `Accept: text/csv` or `text/markdown` for meeting notes',
          querystring: z.object({
            week: IsoWeekParam.optional().describe('YYYY-Www; default the last full week'),
            accountId: AccountId.optional(),
          }),
          response: {
            200: {
              description: 'The review as JSON, CSV or Markdown',
              content: {
                'application/json': { schema: WeeklyReview },
                'text/csv': { schema: z.string() },
                'text/markdown': { schema: z.string() },
              },
            },
            ...AUTH_ERRORS,
            ...errors(404),
          },
        },
      },
      async (request, reply) => {
        const { accountId } = request.query;
        const today = todayUtc();
        const week = request.query.week === undefined ? lastFullWeekBefore(today) : parseIsoWeek(request.query.week);
        if (week === null) throw new ValidationError(`Invalid query field "week": ${request.query.week} is not an ISO week.`);
        const cur = weekSpan(week, today);
        const prev = previousWeekSpan(week, today);
        if (prev.monday < EARLIEST_DAY) throw new ValidationError(`Invalid query field "week": ${cur.label} is before ${EARLIEST_DAY}.`);
        const name = accountId === undefined ? null : await accountName(db, accountId);
        if (accountId !== undefined && name === null) throw new NotFoundError(`No account ${accountId}.`);

        const review = await buildReview(cur, prev, accountId, name);
        const type = preferredType(request.headers.accept, ['application/json', 'text/csv', 'text/markdown']);
        if (type === 'application/json') return reply.send(review);
        const base = `weekly-review-${review.week}${accountId === undefined ? '' : `-${accountId}`}`;
        const [body, ext] = type === 'text/csv' ? [weeklyReviewCsv(review), 'csv'] : [weeklyReviewMarkdown(review), 'md'];
        return reply
          .type(`${type}; charset=utf-8`)
          .header('content-disposition', `attachment; filename="${base}.${ext}"`)
          .send(body);
      },
    );
  };
