// `pnpm start`: migrate, check the AWS credentials, then run the API (serving the built web app) and the worker.
// Without usable AWS credentials it stops with one line pointing to `pnpm demo`.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAwsSource } from '@pillar/aws';
import { ConfigError, loadAwsEnv, loadStorageEnv, requireValue } from '@pillar/config';
import { migrate, MigrateError } from '@pillar/db';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<number> {
  const storage = loadStorageEnv();
  const aws = loadAwsEnv();
  const home = requireValue(aws.AWS_REGION, 'AWS_REGION', 'by `pnpm start` (the home region of Security Hub and the Config aggregator)');
  requireValue(process.env.PILLAR_SESSION_SECRET || undefined, 'PILLAR_SESSION_SECRET', 'by `pnpm start` (at least 32 random characters)');
  const applied = await migrate({ databaseUrl: storage.DATABASE_URL });
  if (applied.applied.length) console.log(`migrations applied: ${applied.applied.join(', ')}`);
  const source = createAwsSource({ homeRegion: home, maxAttempts: 2 });
  try {
    const who = await source.callerIdentity();
    console.log(`AWS: reading as ${who.arn}`);
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    console.error(`No usable AWS credentials (${why}): configure the read-only role (deploy/aws/README.md), or run \`pnpm demo\` to try Pillar without AWS.`);
    return 3;
  } finally {
    source.close();
  }
  const children: ChildProcess[] = ['apps/api/src/server.ts', 'apps/worker/src/main.ts'].map((entry) =>
    spawn(process.execPath, ['--import', 'tsx', `${root}${entry}`], { stdio: 'inherit', env: process.env }),
  );
  const stop = (signal: NodeJS.Signals) => children.forEach((c) => c.exitCode === null && c.kill(signal));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // When one process ends, the other is stopped too: half a Pillar is not left running.
  const first = await Promise.race(children.map((c) => new Promise<number>((resolve) => c.once('exit', (code) => resolve(code ?? 1)))));
  stop('SIGTERM');
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once('exit', r))));
  return first;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof MigrateError) {
      console.error(err.message.split('\n')[0]);
      process.exit(3);
    }
    console.error(`start failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
