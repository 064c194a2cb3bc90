/**
 * Where to go after login: only a path of this app (`/accounts?date=...`). Anything else (`//evil.example`,
 * `https://...`, `/\evil`) falls back to `/`, so that a crafted login link cannot send a user off-site.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return '/';
  return next;
}

export function loginPathFor(pathname: string, search: string): string {
  const here = `${pathname}${search}`;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}
