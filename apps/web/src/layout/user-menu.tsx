import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useLogout, useMe } from '../api/session.ts';

/** The signed-in user, their role and Sign out, in a native popover (Esc and outside clicks close it). */
export function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  if (!me.data) return null;
  const signOut = () =>
    logout.mutate(undefined, {
      onSettled: () => {
        // Leave the signed-in pages first, then forget their data.
        void Promise.resolve(navigate('/login', { replace: true })).then(() => queryClient.clear());
      },
    });
  return (
    <div className="user-menu">
      <button type="button" className="user-menu-button" popoverTarget="user-menu" aria-haspopup="menu">
        {me.data.email} <span aria-hidden="true">▾</span>
      </button>
      <div id="user-menu" popover="auto" className="user-menu-popover">
        <p className="user-menu-identity">
          Signed in as <strong>{me.data.email}</strong>
          <br />
          Role: <span data-testid="user-role">{me.data.role}</span>
        </p>
        <button type="button" className="button" onClick={signOut} disabled={logout.isPending}>
          {logout.isPending ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </div>
  );
}
