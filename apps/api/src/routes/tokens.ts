import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Identity, TokenView } from '@pillar/identity';
import { originOf, principalOf } from '../plugins/access.ts';
import { AUTH_ERRORS, errors, hasNoControlCharacters, RoleSchema, Uuid } from '../schemas/common.ts';

export type TokenDeps = {
  identity: Pick<Identity, 'listTokens' | 'createToken' | 'revokeToken'>;
};

const TokenName = z.string().trim().min(1).max(100).refine(hasNoControlCharacters, 'must not contain control characters');

/** What is ever shown of a token: never its secret, never its digest. */
const Token = z.object({
  id: z.uuid(),
  name: z.string(),
  role: RoleSchema,
  prefix: z.string().describe('The first characters of the secret, to recognise it'),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

const CreatedToken = Token.pick({ id: true, name: true, role: true, prefix: true, createdAt: true }).extend({
  secret: z.string().describe('The token itself: shown in this answer only, stored as a SHA-256 digest'),
});

function tokenOut(t: TokenView): z.input<typeof Token> {
  return {
    ...t,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export const tokenRoutes =
  (deps: TokenDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const tags = ['tokens'];

    app.get(
      '/api/v1/tokens',
      {
        config: { access: 'admin' },
        schema: { tags, summary: 'List API tokens (never their secrets)', response: { 200: z.object({ items: z.array(Token) }), ...AUTH_ERRORS } },
      },
      async () => ({ items: (await deps.identity.listTokens()).map(tokenOut) }),
    );

    app.post(
      '/api/v1/tokens',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Create an API token: the secret is in this answer once',
          body: z.object({ name: TokenName, role: RoleSchema }).strict(),
          response: { 201: CreatedToken, ...AUTH_ERRORS, ...errors(413) },
        },
      },
      async (request, reply) => {
        const { token, secret } = await deps.identity.createToken(request.body, principalOf(request), originOf(request));
        return reply.status(201).send({ ...tokenOut(token), secret });
      },
    );

    app.delete(
      '/api/v1/tokens/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Revoke an API token (idempotent)',
          params: z.object({ id: Uuid }),
          response: { 204: z.null().describe('Revoked'), ...AUTH_ERRORS, ...errors(404) },
        },
      },
      async (request, reply) => {
        await deps.identity.revokeToken(request.params.id, principalOf(request), originOf(request));
        return reply.status(204).send(null);
      },
    );
  };
