import { defineConfig } from 'vitest/config';

// Two tiers: pure unit tests (`*.test.ts` beside the code) and integration tests (`*.int.test.ts`)
// against the real Postgres and Redis. Playwright specs (`e2e/`) are run by Playwright, not Vitest.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages}/*/{src,test}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.{ts,tsx}', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages}/*/{src,test}/**/*.int.test.{ts,tsx}'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two cores: integration files share Postgres and Redis, each in its own database/prefix.
          maxWorkers: 2,
        },
      },
    ],
  },
});
