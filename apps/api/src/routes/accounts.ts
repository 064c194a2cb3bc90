import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountControlsOn, accountName, accountsOn, accountTotalsOn, type AccountControlRow, type PrismaClient } from '@pillar/db';
import { NotFoundError, SEVERITY_LABELS, type DomainKey, type SeverityLabel } from '@pillar/domain';
import { resolveDay, todayUtc } from '../read/days.ts';
import { domainPostureOut, domainScoresOut, scoreOut, totalsOf, type CountsInput } from '../read/totals.ts';
import { AccountId, AUTH_ERRORS, errors, IsoDate } from '../schemas/common.ts';
import { DomainKeySchema, DomainPosture, DomainScore, PairStatusSchema, Score, SeverityLabelSchema, Severities } from '../schemas/scores.ts';

export type AccountDeps = { prisma: PrismaClient };

const AccountSummary = z.object({
  accountId: AccountId,
  name: z.string(),
  overall: Score,
  domains: z.array(DomainScore).length(5),
  openFindings: Severities,
});

const AccountControl = z.object({
  controlId: z.string(),
  title: z.string(),
  severity: SeverityLabelSchema.nullable(),
  domain: DomainKeySchema.nullable().describe('The domain in force on the day; null = unmapped'),
  status: PairStatusSchema.describe('All regions combined'),
  failedResources: z.number().int().nonnegative(),
  failingSince: IsoDate.nullable().describe('First day of the current FAILED run; null unless FAILED'),
});

const AccountDetail = z.object({
  accountId: AccountId,
  name: z.string(),
  date: IsoDate,
  overall: Score,
  domains: z.array(DomainPosture).length(5),
  unmapped: Score,
  openFindings: Severities,
  controls: z.array(AccountControl),
});

const STATUS_ORDER = ['FAILED', 'UNKNOWN', 'PASSED', 'NO_DATA'];
const rank = (list: readonly string[], v: string | null) => (v === null ? list.length : list.indexOf(v) < 0 ? list.length : list.indexOf(v));

/** Failing first, most severe first, then by id. */
function byStatusSeverity(a: AccountControlRow, b: AccountControlRow): number {
  return (
    rank(STATUS_ORDER, a.status) - rank(STATUS_ORDER, b.status) ||
    rank(SEVERITY_LABELS, a.severity) - rank(SEVERITY_LABELS, b.severity) ||
    a.controlId.localeCompare(b.controlId)
  );
}

export function controlOut(c: AccountControlRow) {
  return {
    controlId: c.controlId,
    title: c.title,
    // CHECK-constrained vocabularies in the database.
    severity: c.severity as SeverityLabel | null,
    domain: c.domain as DomainKey | null,
    status: c.status as z.infer<typeof PairStatusSchema>,
    failedResources: c.failedResources,
    failingSince: c.status === 'FAILED' ? c.statusSince : null,
  };
}

export const accountRoutes =
  (deps: AccountDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const tags = ['accounts'];
    const DateQuery = IsoDate.optional().describe('The state at the end of this day (UTC); default today');

    app.get(
      '/api/v1/accounts',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'Every account with its scores on a day',
          querystring: z.object({ date: DateQuery }),
          response: { 200: z.object({ date: IsoDate, items: z.array(AccountSummary) }), ...AUTH_ERRORS },
        },
      },
      async (request) => {
        const date = resolveDay(request.query.date, todayUtc());
        const byAccount = new Map<string, { name: string; rows: CountsInput[] }>();
        for (const row of await accountsOn(deps.prisma, { day: date })) {
          const entry = byAccount.get(row.accountId) ?? { name: row.name, rows: [] };
          entry.rows.push(row);
          byAccount.set(row.accountId, entry);
        }
        const items = [...byAccount].map(([accountId, { name, rows }]) => {
          const totals = totalsOf(rows);
          return { accountId, name, overall: scoreOut(totals.overall), domains: domainScoresOut(totals), openFindings: totals.open };
        });
        items.sort((a, b) => a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId));
        return { date, items };
      },
    );

    app.get(
      '/api/v1/accounts/:accountId',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: "One account's scores and controls on a day",
          params: z.object({ accountId: AccountId }),
          querystring: z.object({ date: DateQuery }),
          response: { 200: AccountDetail, ...AUTH_ERRORS, ...errors(404) },
        },
      },
      async (request) => {
        const { accountId } = request.params;
        const date = resolveDay(request.query.date, todayUtc());
        const name = await accountName(deps.prisma, accountId);
        if (name === null) throw new NotFoundError(`No account ${accountId}.`);
        const [rows, controls] = await Promise.all([
          accountTotalsOn(deps.prisma, { accountId, day: date }),
          accountControlsOn(deps.prisma, { accountId, day: date }),
        ]);
        const totals = totalsOf(rows);
        return {
          accountId,
          name,
          date,
          overall: scoreOut(totals.overall),
          domains: domainPostureOut(totals),
          unmapped: scoreOut(totals.unmapped),
          openFindings: totals.open,
          controls: [...controls].sort(byStatusSeverity).map(controlOut),
        };
      },
    );
  };
