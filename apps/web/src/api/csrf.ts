// The CSRF token that the login returned. Kept in memory and in sessionStorage, so that a reload of the tab
// keeps it while a new tab (or a closed browser) starts without one.
const STORAGE_KEY = 'pillar.csrf';

let token: string | null = null;

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

export function getCsrfToken(): string | null {
  if (token === null) token = storage()?.getItem(STORAGE_KEY) ?? null;
  return token;
}

export function setCsrfToken(value: string | null): void {
  token = value;
  try {
    if (value === null) storage()?.removeItem(STORAGE_KEY);
    else storage()?.setItem(STORAGE_KEY, value);
  } catch {
    // quota or privacy mode: the in-memory copy still works for this page's lifetime
  }
}
