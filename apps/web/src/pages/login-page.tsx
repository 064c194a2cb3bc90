import { useId, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../api/errors.ts';
import { sessionKeys, useLogin } from '../api/session.ts';
import type { Me } from '../api/types.ts';
import { safeNextPath } from '../lib/redirect.ts';

export default function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errorId = useId();

  // Already signed in within this tab (the guard's /me is cached): nothing to do here. No /me request is
  // made from this page, so that a signed-out visit does not log a 401.
  if (queryClient.getQueryData<Me>(sessionKeys.me()) !== undefined && !login.isPending && !login.isSuccess) {
    return <Navigate to={next} replace />;
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      { onSuccess: () => void navigate(next, { replace: true }) },
    );
  };

  return (
    <main className="login-page" id="main">
      <form className="login-card" onSubmit={onSubmit} aria-labelledby="login-title" noValidate={false}>
        <h1 id="login-title" className="login-title">
          <span className="brand">Pillar</span>
          <span className="login-subtitle">AWS security posture</span>
        </h1>
        <fieldset disabled={login.isPending} className="login-fields">
          <label className="field">
            <span>Email</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-describedby={login.isError ? errorId : undefined}
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={login.isError ? errorId : undefined}
            />
          </label>
          {login.isError && (
            <p id={errorId} className="form-error" role="alert">
              {errorMessage(login.error)}
            </p>
          )}
          <button type="submit" className="button button-primary button-block">
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </fieldset>
      </form>
    </main>
  );
}
