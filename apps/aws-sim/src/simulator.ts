import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { adminHandler } from './admin.ts';
import type { DayChanges } from './changes.ts';
import type { SimClock } from './clock.ts';
import type { CounterSnapshot } from './counters.ts';
import { Counters } from './counters.ts';
import type { DaySummary, Story } from './evolve.ts';
import { advanceWorld, removeFindings } from './evolve.ts';
import type { FaultSettings, FaultState } from './faults.ts';
import { Faults } from './faults.ts';
import { findingFields } from './fields.ts';
import { generateWorld } from './generate.ts';
import type { WorldOptions } from './options.ts';
import { Rng, hash32 } from './prng.ts';
import type { RateRule } from './rate-limit.ts';
import { RateLimiter, mergeRateLimits } from './rate-limit.ts';
import { requestListener } from './server.ts';
import type { SimState } from './state.ts';
import { viewState } from './state.ts';
import { TokenCodec } from './tokens.ts';
import type { SimAccount, SimOrg, World } from './world.ts';

export interface SimulatorOptions extends WorldOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: a free port). */
  port?: number;
  /** `false` turns rate limiting off; an object overrides rules per service and operation (`*` = other calls). */
  rateLimits?: false | Readonly<Record<string, Readonly<Record<string, RateRule>>>>;
  /** Access key id -> account id. Unknown keys act as the account whose 12-digit id they contain, else the management account. */
  accessKeys?: Readonly<Record<string, string>>;
  /** Serve `/_sim/*` (default true). */
  admin?: boolean;
  /** When set, `/_sim/*` requires `x-sim-admin-token`; otherwise only loopback clients may use it. */
  adminToken?: string;
  /** Secret that signs pagination tokens (default: random per process). */
  tokenSecret?: string;
  log?: (line: string) => void;
}

/** The simulator without its HTTP server: the same state, clock, faults and counters (for benchmarks and unit tests). */
export interface SimCore {
  readonly org: SimOrg;
  readonly clock: SimClock;
  readonly world: World;
  readonly advanceDay: (story?: Story) => DaySummary;
  readonly changesOn: (day: string) => DayChanges | undefined;
  readonly removeFinding: (id: string) => boolean;
  readonly removeFindings: (ids: readonly string[]) => number;
  readonly setFaults: (f: FaultSettings) => FaultState;
  readonly clearFaults: () => void;
  readonly faults: () => FaultState;
  readonly counters: (options?: { includeLog?: boolean }) => CounterSnapshot;
  readonly resetCounters: () => void;
  /** A live view of the current state (call again after advancing for fresh scalar fields). */
  readonly state: () => SimState;
}

export interface Simulator extends SimCore {
  readonly url: string;
  readonly port: number;
  readonly close: () => Promise<void>;
}

export function createSimCore(options: SimulatorOptions = {}): SimCore & { listener: ReturnType<typeof requestListener> } {
  const world = generateWorld(options);
  const wallClock = (): number => performance.timeOrigin + performance.now();
  const faultState = new Faults(new Rng(hash32(world.org.seed, 0xfa17)));
  const counterStore = new Counters();
  const limiter = new RateLimiter(options.rateLimits === false ? false : mergeRateLimits(options.rateLimits));
  const keyMap = new Map(Object.entries(options.accessKeys ?? {}));
  const management = world.account(0);
  const accountForKey = (key: string): SimAccount => {
    const mapped = keyMap.get(key);
    const byMap = mapped === undefined ? undefined : world.accountByIdIndex(mapped);
    if (byMap !== undefined) return world.account(byMap);
    const embedded = /\d{12}/.exec(key)?.[0];
    const byId = embedded === undefined ? undefined : world.accountByIdIndex(embedded);
    return byId === undefined ? management : world.account(byId);
  };
  const core: SimCore = {
    org: world.org,
    clock: world.clock,
    world,
    advanceDay: (story) => advanceWorld(world, story),
    changesOn: (day) => world.changes.get(day),
    removeFinding: (id) => removeFindings(world, [id]) === 1,
    removeFindings: (ids) => removeFindings(world, ids),
    setFaults: (f) => faultState.set(f, wallClock()),
    clearFaults: () => faultState.clear(),
    faults: () => faultState.current,
    counters: (o) => counterStore.snapshot(o?.includeLog ?? true),
    resetCounters: () => counterStore.reset(),
    state: () => viewState(world),
  };
  const admin =
    options.admin === false
      ? null
      : adminHandler(
          {
            summary: () => viewState(world).summary(),
            advanceDay: core.advanceDay,
            changesOn: core.changesOn,
            faults: core.faults,
            setFaults: core.setFaults,
            clearFaults: core.clearFaults,
            counters: (includeLog) => counterStore.snapshot(includeLog),
            resetCounters: core.resetCounters,
            removeFindings: core.removeFindings,
          },
          options.adminToken,
        );
  const listener = requestListener({
    world,
    fields: findingFields(world),
    codec: new TokenCodec(options.tokenSecret ?? randomBytes(16).toString('hex')),
    limiter,
    faults: faultState,
    counters: counterStore,
    accountForKey,
    admin,
    wallClock,
    log: options.log ?? ((line) => console.error(line)),
  });
  return { ...core, listener };
}

/** Generates the organisation and starts the HTTP server (127.0.0.1, a free port unless told otherwise). */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const { listener, ...core } = createSimCore(options);
  const server = createServer(listener);
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    ...core,
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
