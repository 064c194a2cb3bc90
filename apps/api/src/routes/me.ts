import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csrfTokenFor } from '@pillar/identity';
import { principalOf } from '../plugins/access.ts';
import { AUTH_ERRORS, RoleSchema } from '../schemas/common.ts';

export type MeDeps = {
  /** Keys the CSRF token handed back to a cookie session. */
  sessionSecret: string;
};

const Me = z.object({
  email: z.string().nullable().describe('The user logged in with the session cookie; null for an API token'),
  role: RoleSchema,
  tokenName: z.string().optional().describe('The name of the API token making the call (bearer only)'),
  csrfToken: z
    .string()
    .optional()
    .describe('Session cookie only: the value of the x-csrf-token header that changes need (lets a reloaded tab recover it)'),
});

export const meRoutes =
  (deps: MeDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get(
      '/api/v1/me',
      {
        config: { access: 'viewer' },
        schema: { tags: ['session'], summary: 'Who is calling: email (or token name) and role', response: { 200: Me, ...AUTH_ERRORS } },
      },
      (request) => {
        const principal = principalOf(request);
        if (principal.kind === 'token') return { email: null, role: principal.role, tokenName: principal.label };
        return {
          email: principal.label,
          role: principal.role,
          ...(request.sessionSecret ? { csrfToken: csrfTokenFor(request.sessionSecret, deps.sessionSecret) } : {}),
        };
      },
    );
  };
