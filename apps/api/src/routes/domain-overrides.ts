import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { latestDomainOverrides, type PrismaClient } from '@pillar/db';
import type { AuditLog, Principal, RequestOrigin } from '@pillar/identity';
import { NotFoundError, type DomainKey } from '@pillar/domain';
import { originOf, principalOf } from '../plugins/access.ts';
import { todayUtc } from '../read/days.ts';
import { AUTH_ERRORS, errors, IsoDate } from '../schemas/common.ts';
import { ControlId } from '../schemas/read-params.ts';
import { DomainKeySchema } from '../schemas/scores.ts';

export type DomainOverrideDeps = { prisma: PrismaClient; audit: AuditLog };

const Override = z.object({
  controlId: z.string(),
  domain: DomainKeySchema.nullable().describe('null = explicitly unmapped'),
  setBy: z.string(),
  setAt: z.iso.datetime(),
  effectiveFrom: IsoDate.describe('First day recorded with this domain; days already recorded keep theirs'),
});

type OverrideOut = z.input<typeof Override>;

const Params = z.object({ controlId: ControlId.describe('URL-encoded: standard-qualified ids contain slashes') });

export const domainOverrideRoutes =
  (deps: DomainOverrideDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const tags = ['domain-overrides'];
    const db = deps.prisma;

    async function requireControl(controlId: string): Promise<void> {
      if ((await db.control.findUnique({ where: { id: controlId }, select: { id: true } })) === null) {
        throw new NotFoundError(`No control ${controlId}.`);
      }
    }

    /**
     * Appends an override row (never rewriting history: it applies from the next recorded day, today UTC)
     * and its audit entry in one transaction.
     */
    async function append(
      controlId: string,
      change: { domain: DomainKey | null; cleared: boolean },
      principal: Principal,
      origin: RequestOrigin,
    ): Promise<OverrideOut> {
      return db.$transaction(async (tx) => {
        const row = await tx.domainOverride.create({
          data: {
            controlId,
            domain: change.domain,
            cleared: change.cleared,
            setByUserId: principal.kind === 'user' ? principal.id : null,
            setByTokenId: principal.kind === 'token' ? principal.id : null,
            setByLabel: principal.label,
            effectiveFrom: new Date(`${todayUtc()}T00:00:00Z`),
          },
        });
        await deps.audit.record(
          {
            actor: principal,
            action: change.cleared ? 'domain_override.clear' : 'domain_override.set',
            target: controlId,
            detail: { domain: change.domain },
            origin,
          },
          tx,
        );
        return {
          controlId,
          domain: change.domain,
          setBy: row.setByLabel,
          setAt: row.setAt.toISOString(),
          effectiveFrom: row.effectiveFrom.toISOString().slice(0, 10),
        };
      });
    }

    app.get(
      '/api/v1/domain-overrides',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'Current domain overrides (the latest per control; cleared ones are left out)',
          response: { 200: z.object({ items: z.array(Override) }), ...AUTH_ERRORS },
        },
      },
      async () => {
        const rows = await latestDomainOverrides(db);
        return {
          items: rows
            .filter((r) => !r.cleared)
            .map((r) => ({
              controlId: r.controlId,
              domain: r.domain as DomainKey | null,
              setBy: r.setBy,
              setAt: r.setAt.toISOString(),
              effectiveFrom: r.effectiveFrom,
            })),
        };
      },
    );

    app.put(
      '/api/v1/domain-overrides/:controlId',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: "Set a control's domain from the next recorded day (null = explicitly unmapped)",
          params: Params,
          body: z.object({ domain: DomainKeySchema.nullable() }).strict(),
          response: { 200: Override, ...AUTH_ERRORS, ...errors(404, 413) },
        },
      },
      async (request) => {
        const { controlId } = request.params;
        await requireControl(controlId);
        return append(controlId, { domain: request.body.domain, cleared: false }, principalOf(request), originOf(request));
      },
    );

    app.delete(
      '/api/v1/domain-overrides/:controlId',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: "Clear a control's override: back to the default mapping from the next recorded day",
          params: Params,
          response: { 204: z.null().describe('Cleared (or there was nothing to clear)'), ...AUTH_ERRORS, ...errors(404) },
        },
      },
      async (request, reply) => {
        const { controlId } = request.params;
        await requireControl(controlId);
        const [latest] = await latestDomainOverrides(db, { controlId });
        if (latest !== undefined && !latest.cleared) {
          await append(controlId, { domain: null, cleared: true }, principalOf(request), originOf(request));
        }
        return reply.status(204).send(null);
      },
    );
  };
