import { useQuery } from '@tanstack/react-query';
import { meQuery } from '../api/session.ts';
import type { Role } from '../api/types.ts';

/** The signed-in user's role; undefined while unknown. Reads the session guard's cached /me. */
export function useRole(): Role | undefined {
  return useQuery({ ...meQuery(), select: (me) => me.role }).data;
}

/** Hides admin actions from viewers. The API refuses them anyway: this is courtesy, not security. */
export function useIsAdmin(): boolean {
  return useRole() === 'admin';
}
