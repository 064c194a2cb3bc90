export const ROLES = ['viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a logged-in user (cookie) or an API token (bearer). */
export type Principal = {
  kind: 'user' | 'token';
  id: string;
  /** Email of a user or name of a token: what the audit log shows. */
  label: string;
  role: Role;
  /** The user behind a session (for a token: its creator, when known). */
  userId: string | null;
};

/** Access a route declares where it is declared: `config: { access: 'viewer' }`. */
export type Access = 'public' | Role;

const RANK: Record<Role, number> = { viewer: 1, admin: 2 };

export function allows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
