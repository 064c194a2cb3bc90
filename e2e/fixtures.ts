// What every spec shares: a console guard on every page (no console error, no uncaught exception), sign-in,
// reading the API with the page's own cookies, and screenshots.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type APIResponse, type ConsoleMessage, type Page } from '@playwright/test';
import { e2eEnv } from './scenario.ts';

export { expect };

const root = fileURLToPath(new URL('..', import.meta.url));
const SCREENSHOTS = `${root}e2e/screenshots`;
const DOCS_SCREENSHOTS = `${root}docs/screenshots`;
/** The README's PNGs stay under this size; above it they are re-encoded with pngquant when it is installed. */
const DOCS_PNG_MAX_BYTES = 200_000;

export type Role = 'admin' | 'viewer';

/** What Chromium prints for a response with an error status (fetch included): the URL is the message's location. */
const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d{3})\b/;

/** A console error a step is known to cause, declared before the step; it must then happen exactly once. */
export interface ExpectedConsoleError {
  /** Path of the request (`/api/v1/auth/login`), compared exactly with the message's location. */
  path: string;
  status: number;
}

export interface ConsoleGuard {
  /** Watches a page of another context (the `page` fixture is watched already); a signed-in page gets no allowance. */
  watch: (page: Page, startsSignedIn?: boolean) => void;
  /** Declares that the next step logs this failed response (a wrong password's 401). */
  expectFailedResponse: (expected: ExpectedConsoleError) => void;
}

/**
 * Fails the test on any console error or uncaught exception of any watched page. The one allowance is the
 * documented first visit signed out: GET /api/v1/me answers 401 and the app goes to /login. It is allowed only
 * with that exact URL and status, and only while the page has not signed in.
 */
function createConsoleGuard(origin: string) {
  const problems: string[] = [];
  const expected: (ExpectedConsoleError & { seen: number })[] = [];
  const meUrl = `${origin}/api/v1/me`;

  const watch = (page: Page, startsSignedIn = false) => {
    // A page with a saved session starts signed in; any other once its own login succeeds.
    let signedIn = startsSignedIn;
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && response.url() === `${origin}/api/v1/auth/login` && response.status() === 200) {
        signedIn = true;
      }
    });
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const where = message.location().url;
      const failed = FAILED_RESOURCE.exec(text);
      if (failed) {
        const status = Number(failed[1]);
        // Only GET requests reach /me: the location and the status identify the documented 401.
        if (where === meUrl && status === 401 && !signedIn) return;
        const declared = expected.find((e) => `${origin}${e.path}` === where && e.status === status && e.seen === 0);
        if (declared) {
          declared.seen += 1;
          return;
        }
      }
      problems.push(`console error on ${page.url()}: ${text}${where ? ` (at ${where})` : ''}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.stack ?? error.message}`));
  };

  return {
    guard: {
      watch,
      expectFailedResponse: (e: ExpectedConsoleError) => {
        expected.push({ ...e, seen: 0 });
      },
    } satisfies ConsoleGuard,
    problems: (): string[] => {
      const missing = expected.filter((e) => e.seen === 0).map((e) => `expected console error of ${e.path} (${e.status}) never came`);
      return [...problems, ...missing];
    },
  };
}

export function credentials(role: Role): { email: string; password: string } {
  return role === 'admin'
    ? { email: e2eEnv('adminEmail'), password: e2eEnv('adminPassword') }
    : { email: e2eEnv('viewerEmail'), password: e2eEnv('viewerPassword') };
}

/** Signs in through the login form and waits for the posture (or the `next` page). */
export async function signIn(page: Page, role: Role, path = '/login'): Promise<void> {
  const { email, password } = credentials(role);
  await page.goto(path);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Sign in' }).click();
  expect((await answer).status(), 'login answer').toBe(200);
  await expect(page).not.toHaveURL(/\/login/);
}

/** GET of our API with the page's cookies (page.request shares the browser context's storage). */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const response: APIResponse = await page.request.get(path, { headers: { accept: 'application/json' } });
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

/** A score as the app prints it: one decimal, "no data" for null. Mirrors apps/web/src/lib/format.ts. */
export function formatScore(score: number | null): string {
  if (score === null) return 'no data';
  return (Math.sign(score) * (Math.round(Math.abs(score) * 10 + 1e-9) / 10)).toFixed(1);
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count as the app prints it ("1,234"). */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** "61 passed · 18 failed · 3 unknown · 5 no data", as beside and under every score. */
export function formatCounts(s: { passed: number; failed: number; unknown: number; noData: number }): string {
  return `${formatCount(s.passed)} passed · ${formatCount(s.failed)} failed · ${formatCount(s.unknown)} unknown · ${formatCount(s.noData)} no data`;
}

/** The ISO week (`2026-W47`) of a UTC day. */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  // The Thursday of the same week decides the year.
  const thursday = new Date(date.getTime() + (4 - weekday) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The last full ISO week before the one holding `today`. */
export function lastFullWeekOf(today: string): string {
  return isoWeekOf(new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10));
}

/**
 * Nothing on the page reads "NaN" or "undefined" (a value that failed to format), and every score printed is
 * one decimal or "no data" (a null score is never 0 or blank).
 */
export async function expectNoBrokenText(page: Page): Promise<void> {
  await expect(page.locator('body')).not.toContainText(/\bNaN\b|\bundefined\b/);
  for (const text of await page.locator('.score-text').allTextContents()) {
    expect(text, 'a score as printed').toMatch(/^(\d{1,3}\.\d|no data)$/);
  }
}

/** The viewport as a PNG in e2e/screenshots (git-ignored) and, with `docs`, in docs/screenshots for the README. */
export async function screenshot(page: Page, name: string, options: { docs?: boolean } = {}): Promise<void> {
  // Data loaded, no hover or focus ring from the last click, fonts ready.
  await page.waitForLoadState('networkidle');
  await page.mouse.move(1, 1);
  await page.evaluate(async () => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    await document.fonts.ready;
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, animations: 'disabled' });
  if (!options.docs) return;
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  const file = `${DOCS_SCREENSHOTS}/${name}.png`;
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  compressPng(file);
  expect(statSync(file).size, `${name}.png for the README`).toBeLessThan(DOCS_PNG_MAX_BYTES);
}

/** Re-encodes a PNG with pngquant (Debian: apt-get install pngquant) when it is installed; a no-op otherwise. */
function compressPng(file: string): void {
  const res = spawnSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--quality=70-95', '--output', file, '--', file]);
  // 98/99: pngquant kept the original (larger result or quality too low); ENOENT: not installed.
  if (res.error || res.status === 0 || res.status === 98 || res.status === 99) return;
  throw new Error(`pngquant failed on ${file}: ${res.stderr.toString()}`);
}

type TestFixtures = {
  /** Sign the test's page in with this role before it starts (a saved session: no login per test). */
  role: Role | undefined;
  consoleGuard: ConsoleGuard;
};

type WorkerFixtures = {
  /** The storage state (session cookie) of one sign-in per role and worker, made through the login form. */
  sessionState: (role: Role) => Promise<string>;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  role: [undefined, { option: true }],
  sessionState: [
    async ({ browser }, use, workerInfo) => {
      // The API allows few logins a minute per client address: each role signs in once per worker.
      const states = new Map<Role, Promise<string>>();
      const signInOnce = async (role: Role) => {
        const context = await browser.newContext({ baseURL: e2eEnv('url') });
        const page = await context.newPage();
        const origin = new URL(e2eEnv('url')).origin;
        const { guard, problems } = createConsoleGuard(origin);
        guard.watch(page);
        try {
          await signIn(page, role);
          await expect(page.getByTestId('user-role')).toHaveText(role);
          expect(problems(), `console errors while signing in as ${role}`).toEqual([]);
          const path = workerInfo.project.outputDir + `/session-${role}-${workerInfo.workerIndex}.json`;
          await context.storageState({ path });
          return path;
        } finally {
          await context.close();
        }
      };
      await use((role) => {
        let state = states.get(role);
        if (!state) {
          state = signInOnce(role);
          states.set(role, state);
        }
        return state;
      });
    },
    { scope: 'worker' },
  ],
  storageState: async ({ role, sessionState, storageState }, use) => {
    await use(role === undefined ? storageState : await sessionState(role));
  },
  consoleGuard: [
    async ({ page, baseURL, role }, use) => {
      const origin = new URL(baseURL ?? e2eEnv('url')).origin;
      const { guard, problems } = createConsoleGuard(origin);
      // A page that starts with a saved session must never meet a 401.
      guard.watch(page, role !== undefined);
      await use(guard);
      expect(problems(), 'console errors and uncaught exceptions').toEqual([]);
    },
    { auto: true },
  ],
});
