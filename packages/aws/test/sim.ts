import { createSimulator } from '@pillar/aws-sim';
import type { Simulator, SimulatorOptions } from '@pillar/aws-sim';
import { createAwsSource } from '../src/index.ts';
import type { AwsSource, AwsSourceOptions, FindingsPage } from '../src/index.ts';

// Integration tests run the real SDK clients against the simulator over HTTP. An access key that holds no
// account id acts as the organisation's management account (the Security Hub administrator).

export const MANAGEMENT_KEY = 'AKIDPILLARTESTKEY';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return createSimulator({ seed: 42, accounts: 6, regions: ['us-east-1', 'eu-west-1'], rateLimits: false, log: () => {}, ...options });
}

export function sourceFor(sim: Simulator, options: Partial<AwsSourceOptions> & { accessKeyId?: string } = {}): AwsSource {
  const { accessKeyId = MANAGEMENT_KEY, ...rest } = options;
  return createAwsSource({
    homeRegion: sim.org.regions[0] ?? 'us-east-1',
    endpoint: sim.url,
    credentials: { accessKeyId, secretAccessKey: 'not-checked' },
    // The simulator keeps its own calendar: the archived lookback must run on it.
    now: () => new Date(sim.state().now),
    ...rest,
  });
}

export async function collectPages(pages: AsyncIterable<FindingsPage>): Promise<FindingsPage[]> {
  const out: FindingsPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

export async function collectItems<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

export const idsOf = (pages: readonly FindingsPage[]): string[] =>
  pages.flatMap((p) => p.findings.map((f) => (f as { Id: string }).Id));

export const sorted = (values: Iterable<string>): string[] => [...values].sort();

/** Findings an initial or full pull must return: ACTIVE ones, and ARCHIVED ones updated within the lookback. */
export function expectedInitialIds(sim: Simulator, region: string, lookbackDays = 7): string[] {
  const state = sim.state();
  const since = Date.parse(state.now) - lookbackDays * 86_400_000;
  return sorted(
    state
      .findingRecords()
      .filter((r) => r.region === region && (r.recordState === 'ACTIVE' || Date.parse(r.updatedAt) >= since))
      .map((r) => r.id),
  );
}

/** Findings updated at or after an instant, any RecordState. */
export function expectedUpdatedSince(sim: Simulator, region: string, start: string): string[] {
  const from = Date.parse(start);
  return sorted(
    sim
      .state()
      .findingRecords()
      .filter((r) => r.region === region && Date.parse(r.updatedAt) >= from)
      .map((r) => r.id),
  );
}
