import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (see TOOLCHAIN.md). The flags keep Chromium off the
// network, which this machine does not have.
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  use: {
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
  },
});
