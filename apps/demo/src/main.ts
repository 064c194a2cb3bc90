// `pnpm demo`: Pillar with a simulated organisation and 90 days of history, no AWS account needed.
import { ConfigError, loadStorageEnv } from '@pillar/config';
import { DemoError, startDemo } from './demo.ts';

const DEMO_DATABASE = 'postgresql://postgres@127.0.0.1:5432/pillar_demo';

function intFrom(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  return n;
}

async function main(): Promise<void> {
  const storage = loadStorageEnv({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || DEMO_DATABASE });
  const tty = process.stdout.isTTY === true;
  const started = Date.now();
  const demo = await startDemo({
    databaseUrl: storage.DATABASE_URL,
    redisUrl: storage.REDIS_URL,
    host: process.env.HOST || '127.0.0.1',
    port: intFrom('PORT', 3000, 0, 65535),
    accounts: intFrom('PILLAR_DEMO_ACCOUNTS', 40, 2, 1000),
    regions: (process.env.PILLAR_DEMO_REGIONS || 'us-east-1,eu-west-1,ap-southeast-2').split(',').map((r) => r.trim()),
    days: intFrom('PILLAR_DEMO_DAYS', 90, 1, 366),
    seed: intFrom('PILLAR_DEMO_SEED', 42, 0, 2 ** 31),
    queuePrefix: 'pillar-demo',
    progress(done, total, day, replayed) {
      const line = `Replaying history: day ${done}/${total} (${day})${replayed ? '' : ', already recorded'}`;
      if (tty) process.stdout.write(`\r${line}`);
      else if (done === total || done % 10 === 1) console.log(line);
    },
  });
  if (tty) process.stdout.write('\n');
  console.log(`History ready in ${Math.round((Date.now() - started) / 1000)} s.`);
  console.log(`Pillar demo: ${demo.url}`);
  console.log(`Log in as ${demo.email} with password ${demo.password}`);
  const stop = () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof DemoError || err instanceof ConfigError) {
    console.error(err.message);
    process.exit(3);
  }
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
