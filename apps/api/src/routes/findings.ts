import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountName, controlIdsInDomain, findingDetail, findingsPage, type FindingFilter, type PrismaClient } from '@pillar/db';
import { NotFoundError } from '@pillar/domain';
import { decodeIdCursor, encodeIdCursor } from '../read/cursor.ts';
import { todayUtc } from '../read/days.ts';
import { FINDING_CSV_HEADER, findingCsvLine, findingOut, remediationUrlOfRaw, resourcesOfRaw } from '../read/findings-view.ts';
import { preferredType } from '../read/negotiate.ts';
import { streamedText } from '../read/stream.ts';
import { AccountId, AUTH_ERRORS, errors, hasNoControlCharacters, Limit } from '../schemas/common.ts';
import { FindingDetail, FindingsPage } from '../schemas/findings.ts';
import { ControlId } from '../schemas/read-params.ts';
import { DomainKeySchema, SeverityLabelSchema } from '../schemas/scores.ts';

export type FindingDeps = { prisma: PrismaClient };

/** The largest finding id (Postgres bigint). */
const MAX_FINDING_ID = 9_223_372_036_854_775_807n;

/** Rows per database round trip while streaming a CSV export. */
const CSV_PAGE = 1000;

const FindingsQuery = z.object({
  accountId: AccountId.optional(),
  domain: DomainKeySchema.optional().describe("Findings whose control's domain (today) or whose product's domain is this"),
  controlId: ControlId.optional(),
  severity: z
    .union([SeverityLabelSchema, z.array(SeverityLabelSchema).max(5)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]))
    .describe('Repeat for several'),
  open: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('true: open findings only; false: findings that are not open'),
  q: z
    .string()
    .max(200)
    .refine(hasNoControlCharacters, 'must not contain control characters')
    .optional()
    .describe('Case-insensitive substring of the control id, title or a resource id'),
  cursor: z.string().max(64).optional().describe('nextCursor of the previous page'),
  limit: Limit(500, 100),
});

type Query = z.output<typeof FindingsQuery>;

export const findingRoutes =
  (deps: FindingDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const tags = ['findings'];

    async function filterOf(query: Query, today: string): Promise<FindingFilter> {
      if (query.accountId !== undefined && (await accountName(deps.prisma, query.accountId)) === null) {
        throw new NotFoundError(`No account ${query.accountId}.`);
      }
      const q = query.q?.trim();
      return {
        accountId: query.accountId,
        controlId: query.controlId,
        domain:
          query.domain === undefined
            ? undefined
            : { key: query.domain, controlIds: await controlIdsInDomain(deps.prisma, { domain: query.domain, day: today }) },
        severities: query.severity,
        open: query.open,
        q: q === '' ? undefined : q,
      };
    }

    /** Every matching finding, newest first, one page of the database at a time. */
    async function* csvRows(filter: FindingFilter, today: string): AsyncGenerator<string> {
      yield FINDING_CSV_HEADER;
      let beforeId: bigint | undefined;
      for (;;) {
        const page = await findingsPage(deps.prisma, { filter, beforeId, limit: CSV_PAGE, day: today });
        if (page.rows.length > 0) yield page.rows.map((r) => findingCsvLine(findingOut(r))).join('');
        const last = page.rows.at(-1);
        if (!page.hasMore || last === undefined) return;
        beforeId = BigInt(last.id);
      }
    }

    app.get(
      '/api/v1/findings',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'Findings, newest first, a page at a time; `Accept: text/csv` streams every page',
          querystring: FindingsQuery,
          response: {
            200: {
              description: 'A page of findings (JSON), or every matching finding (CSV)',
              content: { 'application/json': { schema: FindingsPage }, 'text/csv': { schema: z.string() } },
            },
            ...AUTH_ERRORS,
            ...errors(404),
          },
        },
      },
      async (request, reply) => {
        const today = todayUtc();
        const beforeId = request.query.cursor === undefined ? undefined : decodeIdCursor(request.query.cursor);
        const filter = await filterOf(request.query, today);
        if (preferredType(request.headers.accept, ['application/json', 'text/csv']) === 'text/csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="findings-${today}.csv"`)
            .send(streamedText(csvRows(filter, today)));
        }
        const page = await findingsPage(deps.prisma, { filter, beforeId, limit: request.query.limit, day: today });
        const last = page.rows.at(-1);
        return reply.send({
          items: page.rows.map(findingOut),
          nextCursor: page.hasMore && last !== undefined ? encodeIdCursor(last.id) : null,
        });
      },
    );

    app.get(
      '/api/v1/findings/:id',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'One finding with its raw ASFF and remediation link (the finding drawer)',
          params: z.object({
            // A Postgres bigint: 19 digits may still be above its largest value.
            id: z
              .string()
              .regex(/^[1-9]\d{0,18}$/, 'must be a finding id')
              .refine((v) => BigInt(v) <= MAX_FINDING_ID, 'must be a finding id'),
          }),
          response: { 200: FindingDetail, ...AUTH_ERRORS, ...errors(404) },
        },
      },
      async (request) => {
        const row = await findingDetail(deps.prisma, { id: request.params.id, day: todayUtc() });
        if (row === null) throw new NotFoundError(`No finding ${request.params.id}.`);
        const item = findingOut(row);
        return {
          ...item,
          resources: resourcesOfRaw(row.raw) ?? item.resources,
          remediationUrl: row.controlRemediationUrl ?? remediationUrlOfRaw(row.raw),
          raw: row.raw,
        };
      },
    );
  };
