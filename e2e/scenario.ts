// What the end-to-end run starts (global-setup.ts) and how the specs find it: shared by both sides.

/** The simulated organisation: 8 accounts in two regions, 21 days of history replayed through the worker. */
export const E2E_SCENARIO = {
  accounts: 8,
  regions: ['us-east-1', 'eu-west-1'],
  days: 21,
  seed: 42,
} as const;

export const VIEWER_EMAIL = 'viewer@pillar.local';

/** Environment variables the global setup sets for the specs (Playwright's workers inherit them). */
export const E2E_ENV = {
  url: 'PILLAR_E2E_URL',
  adminEmail: 'PILLAR_E2E_ADMIN_EMAIL',
  adminPassword: 'PILLAR_E2E_ADMIN_PASSWORD',
  viewerEmail: 'PILLAR_E2E_VIEWER_EMAIL',
  viewerPassword: 'PILLAR_E2E_VIEWER_PASSWORD',
  /** The last replayed day (UTC), which the app shows by default. */
  today: 'PILLAR_E2E_TODAY',
} as const;

export function e2eEnv(name: keyof typeof E2E_ENV): string {
  const value = process.env[E2E_ENV[name]];
  if (value === undefined || value === '') throw new Error(`${E2E_ENV[name]} is not set: run the specs through playwright.config.ts (its global setup sets it)`);
  return value;
}
