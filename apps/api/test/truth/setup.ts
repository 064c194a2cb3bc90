import type { TestDatabase } from '@pillar/testkit';
import { expect } from 'vitest';
import { bearer, buildTestApp, factories, type TestApp } from '../helpers.ts';
import type { Counts, Domain, Posture, Score, Severities, Status } from './ground-truth.ts';

export type TruthApp = TestApp & {
  /** GET with a viewer token; expects a 200 and returns the body. */
  get<T>(url: string): Promise<T>;
};

/** The production app on the pipeline's database (not dropped by close), read with a viewer token. */
export async function truthApp(db: TestDatabase): Promise<TruthApp> {
  const t = await buildTestApp({ db });
  const viewer = bearer((await factories(t.db, t.redis, t.redisPrefix).token('viewer')).secret);
  return {
    ...t,
    async get<T>(url: string): Promise<T> {
      const res = await t.http.get(url).set(viewer);
      expect(res.status, `${url}: ${res.status} ${JSON.stringify(res.body)}`).toBe(200);
      return res.body as T;
    },
  };
}

export type PostureBody = Posture & { date: string };
export type DomainScoreBody = Score & { key: Domain; name: string };
export type AccountsBody = { date: string; items: { accountId: string; name: string; overall: Score; domains: DomainScoreBody[]; openFindings: Severities }[] };
export type AccountControlBody = { controlId: string; title: string; severity: string | null; domain: Domain | null; status: Status; failedResources: number; failingSince: string | null };
export type AccountBody = Posture & { accountId: string; name: string; date: string; controls: AccountControlBody[] };
export type ControlsBody = { date: string; items: (Counts & { controlId: string; title: string; severity: string | null; domain: Domain | null })[] };
export type TrendsBody = { interval: string; from: string; to: string; points: { date: string; overall: Score; domains: DomainScoreBody[] }[] };
export type FindingItem = {
  id: string;
  productArn: string;
  accountId: string;
  controlId: string | null;
  complianceStatus: string | null;
  workflowStatus: string;
  recordState: string;
  severity: string;
  title: string;
  resources: unknown[];
  updatedAt: string;
};
export type FindingList = { count: number; items: FindingItem[] };
export type ScoreChange = { current: Score; previous: Score; delta: number | null };
export type PairItem = { accountId: string; controlId: string; domain: Domain | null };
export type ReviewBody = {
  week: string;
  from: string;
  to: string;
  previousWeek: string;
  overall: ScoreChange;
  domains: (ScoreChange & { key: Domain; name: string })[];
  accounts: (ScoreChange & { accountId: string; name: string })[];
  newlyFailing: PairItem[];
  newlyFailingCount?: number;
  noLongerFailing: PairItem[];
  noLongerFailingCount?: number;
  newFindings: FindingList;
  resolvedFindings: FindingList;
  suppressedFindings: FindingList;
};

/** The parts of a posture answer that ground truth defines (without `date`). */
export const postureOf = (b: Posture): Posture => ({ overall: b.overall, domains: b.domains, unmapped: b.unmapped, openFindings: b.openFindings });

/** Domain entries without their open findings (the shape of `accounts` and `trends`). */
export const scoresOnly = (p: Posture): DomainScoreBody[] => p.domains.map(({ openFindings: _open, ...rest }) => rest);
