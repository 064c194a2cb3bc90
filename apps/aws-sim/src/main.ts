import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createSimulator } from './simulator.ts';

const HELP = `pnpm sim [options]  (AWS simulator: Security Hub, Config, Organizations, STS)

  --port N               port to listen on (default 4566; 0 = any free port)
  --host ADDR            interface to bind (default 127.0.0.1)
  --seed N               organisation seed (default 1)
  --accounts N           accounts, the management account included (default 10)
  --regions a,b          regions (default us-east-1,eu-west-1)
  --start-day YYYY-MM-DD first simulated day (default 2025-06-02)
  --days N               advance N days before serving (default 0)
  --no-rate-limits       do not throttle
  --no-aggregator        no Config aggregator
  --aggregator-name NAME Config aggregator name (default pillar-org-aggregator)
  --admin-token TOKEN    require x-sim-admin-token on /_sim/* (needed to reach it from another host)
  --help                 this text
`;

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  seed: z.coerce.number().int().min(0).max(0xffffffff),
  accounts: z.coerce.number().int().min(1).max(5000),
  regions: z.string().transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean)),
  startDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
  days: z.coerce.number().int().min(0).max(3660),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4566' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      accounts: { type: 'string', default: '10' },
      regions: { type: 'string', default: 'us-east-1,eu-west-1' },
      'start-day': { type: 'string' },
      days: { type: 'string', default: '0' },
      'no-rate-limits': { type: 'boolean', default: false },
      'no-aggregator': { type: 'boolean', default: false },
      'aggregator-name': { type: 'string' },
      'admin-token': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const parsed = argsSchema.safeParse({ ...values, startDay: values['start-day'] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    process.stderr.write(`aws-sim: invalid --${String(issue?.path[0] ?? '?')}: ${issue?.message ?? ''}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  const a = parsed.data;
  const started = Date.now();
  const sim = await createSimulator({
    port: a.port,
    host: a.host,
    seed: a.seed,
    accounts: a.accounts,
    regions: a.regions,
    ...(a.startDay ? { startDay: a.startDay } : {}),
    rateLimits: values['no-rate-limits'] ? false : undefined,
    aggregator: values['no-aggregator'] ? false : values['aggregator-name'] ? { name: values['aggregator-name'] } : undefined,
    adminToken: values['admin-token'],
  });
  for (let d = 0; d < a.days; d++) sim.advanceDay();
  const summary = sim.state().summary();
  const agg = sim.org.aggregator;
  process.stdout.write(
    [
      `aws-sim listening on ${sim.url} (generated in ${Date.now() - started} ms)`,
      `  day ${summary.day}; ${summary.accounts} accounts (management ${sim.org.managementAccountId}); regions ${summary.regions.join(', ')}`,
      `  ${summary.findings.returned} findings, ${summary.configRules} Config rules; rate limits ${values['no-rate-limits'] ? 'off' : 'on'}`,
      agg ? `  Config aggregator ${agg.name} in ${agg.region}` : '  no Config aggregator',
      '',
      `  export AWS_ENDPOINT_URL_SECURITYHUB=${sim.url} AWS_ENDPOINT_URL_CONFIG_SERVICE=${sim.url}`,
      `  export AWS_ENDPOINT_URL_ORGANIZATIONS=${sim.url} AWS_ENDPOINT_URL_STS=${sim.url}`,
      '  export AWS_ACCESS_KEY_ID=sim AWS_SECRET_ACCESS_KEY=sim',
      `  admin: ${sim.url}/_sim/state | /_sim/advance | /_sim/changes?day= | /_sim/faults | /_sim/counters`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`aws-sim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
