// The end-to-end environment, kept running for debugging specs or looking at the app by hand:
//   pnpm exec tsx e2e/serve.ts
// then, in another shell, export the lines it prints and run `pnpm exec playwright test`: the global setup
// rebuilds the web app (served from disk, so the running API serves the new build) and attaches.
import globalSetup from './global-setup.ts';
import { E2E_ENV } from './scenario.ts';

const teardown = await globalSetup();
for (const name of Object.values(E2E_ENV)) console.log(`export ${name}='${process.env[name] ?? ''}'`);
console.log(`export PILLAR_E2E_ATTACH=1`);
// Signals may come twice (the process group and tsx's relay): the teardown runs once.
const stop = () => {
  teardown().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
