import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UnauthorizedError } from '@pillar/domain';
import { csrfTokenFor, PASSWORD_MAX, SESSION_TTL_MS, type Identity } from '@pillar/identity';
import { originOf, SESSION_COOKIE } from '../plugins/access.ts';
import { Email, errors, RoleSchema } from '../schemas/common.ts';

export type AuthDeps = {
  identity: Pick<Identity, 'login' | 'logout'>;
  /** Signs the cookie (through @fastify/cookie) and keys the CSRF token. */
  sessionSecret: string;
  /** HTTPS in front of this process: the cookie is `Secure`. */
  secure: boolean;
};

/** Login attempts per client address per minute, whatever the account (the per-account lockout is in identity). */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

const Login = z.object({
  email: Email,
  // The policy (length) applies when a password is set; here any bounded string is merely checked.
  password: z.string().min(1).max(PASSWORD_MAX),
});

const LoginAnswer = z.object({ email: z.string(), role: RoleSchema, csrfToken: z.string() });

function cookieOptions(request: FastifyRequest, secure: boolean) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    // Behind a trusted proxy that terminated TLS, request.protocol is https (X-Forwarded-Proto).
    secure: secure || request.protocol === 'https',
  };
}

function clearSession(request: FastifyRequest, reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request, secure));
}

export const authRoutes =
  (deps: AuthDeps): FastifyPluginAsyncZod =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        config: {
          access: 'public',
          // Counted on arrival (before the body is even parsed), per client address.
          rateLimit: {
            max: LOGIN_ATTEMPTS_PER_MINUTE,
            timeWindow: 60_000,
            hook: 'onRequest',
            keyGenerator: (request) => `login:${request.ip}`,
          },
        },
        schema: {
          tags: ['session'],
          summary: 'Log in: sets the session cookie and returns the CSRF token for changes',
          security: [],
          body: Login,
          response: { 200: LoginAnswer, ...errors(400, 401, 413, 429) },
        },
      },
      async (request, reply) => {
        const { email, password } = request.body;
        const result = await deps.identity.login(email, password, originOf(request));
        // One message for unknown email, wrong password and disabled user: nothing to learn from it.
        if (!result) throw new UnauthorizedError('Wrong email or password.');
        reply.setCookie(SESSION_COOKIE, result.sessionSecret, {
          ...cookieOptions(request, deps.secure),
          signed: true,
          maxAge: Math.floor(SESSION_TTL_MS / 1000),
        });
        return {
          email: result.user.email,
          role: result.user.role,
          csrfToken: csrfTokenFor(result.sessionSecret, deps.sessionSecret),
        };
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        // Public so that a stale or expired cookie can always be cleared. No CSRF check: SameSite=Strict keeps
        // the cookie off cross-site requests, and a forced logout would be harmless anyway.
        config: { access: 'public' },
        schema: {
          tags: ['session'],
          summary: 'Log out: ends the session and clears the cookie',
          security: [],
          response: { 204: z.null().describe('Logged out'), ...errors(413, 429) },
        },
      },
      async (request, reply) => {
        if (request.sessionSecret) {
          await deps.identity.logout(request.sessionSecret, request.principal, originOf(request));
        }
        clearSession(request, reply, deps.secure);
        return reply.status(204).send(null);
      },
    );
  };
