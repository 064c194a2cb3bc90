import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN, type Identity, type UserView } from '@pillar/identity';
import { originOf, principalOf } from '../plugins/access.ts';
import { AUTH_ERRORS, Email, errors, RoleSchema, Uuid } from '../schemas/common.ts';

export type UserDeps = {
  identity: Pick<Identity, 'listUsers' | 'createUser' | 'updateUser' | 'deleteUser'>;
};

const Password = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

const User = z.object({
  id: z.uuid(),
  email: z.string(),
  role: RoleSchema,
  createdAt: z.iso.datetime(),
  lastLoginAt: z.iso.datetime().nullable(),
  disabled: z.boolean(),
});

const Params = z.object({ id: Uuid });

const NewUser = z.object({ email: Email, password: Password, role: RoleSchema }).strict();

const UserChange = z
  .object({ role: RoleSchema.optional(), password: Password.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((c) => c.role !== undefined || c.password !== undefined || c.disabled !== undefined, 'must change role, password or disabled');

function userOut(u: UserView): z.input<typeof User> {
  return { ...u, createdAt: u.createdAt.toISOString(), lastLoginAt: u.lastLoginAt?.toISOString() ?? null };
}

export const userRoutes =
  (deps: UserDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const tags = ['users'];

    app.get(
      '/api/v1/users',
      {
        config: { access: 'admin' },
        schema: { tags, summary: 'List logins', response: { 200: z.object({ items: z.array(User) }), ...AUTH_ERRORS } },
      },
      async () => ({ items: (await deps.identity.listUsers()).map(userOut) }),
    );

    app.post(
      '/api/v1/users',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Create a login',
          body: NewUser,
          response: { 201: User, ...AUTH_ERRORS, ...errors(409, 413) },
        },
      },
      async (request, reply) => {
        const user = await deps.identity.createUser(request.body, principalOf(request), originOf(request));
        return reply.status(201).send(userOut(user));
      },
    );

    app.patch(
      '/api/v1/users/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Change a login: role, password or disabled (ends its sessions); the last active admin stays',
          params: Params,
          body: UserChange,
          response: { 200: User, ...AUTH_ERRORS, ...errors(404, 409, 413) },
        },
      },
      async (request) =>
        userOut(await deps.identity.updateUser(request.params.id, request.body, principalOf(request), originOf(request))),
    );

    app.delete(
      '/api/v1/users/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Delete a login and its sessions; the last active admin stays',
          params: Params,
          response: { 204: z.null().describe('Deleted'), ...AUTH_ERRORS, ...errors(404, 409) },
        },
      },
      async (request, reply) => {
        await deps.identity.deleteUser(request.params.id, principalOf(request), originOf(request));
        return reply.status(204).send(null);
      },
    );
  };
