import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (see TOOLCHAIN.md). The flags keep Chromium off the
// network, which this machine does not have.
//
// The global setup builds apps/web, starts a real Pillar on a fresh database (simulator, worker, API) and
// sets PILLAR_E2E_URL and the logins in the environment, which the workers inherit: `baseURL` below is read
// in the worker, after the setup has run.
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.PILLAR_E2E_URL,
    // The README's screenshots are taken at this size, at device scale 1 so that they stay small.
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-GB',
    timezoneId: 'UTC',
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.PILLAR_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
    // A trace costs about half again the run's time: ask for one with --trace on when a spec needs debugging.
    trace: 'off',
  },
});
