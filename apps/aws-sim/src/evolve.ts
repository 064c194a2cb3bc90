import type { SimDomain } from './catalog.ts';
import { CIS_BY_CONTROL, CONTROLS } from './catalog.ts';
import type { FindingSnapshot } from './changes.ts';
import { NOW_HOUR } from './clock.ts';
import type { EvalCompliance } from './config-model.ts';
import { evalOfFinding } from './config-model.ts';
import { severityLabel } from './facts.ts';
import { evolveOwnEvaluations, mirrorRules, recordMirrorChange } from './evolve-config.ts';
import { guardDutyFinding, inspectorFinding } from './generate-products.ts';
import { Rng, hash32 } from './prng.ts';
import { GUARDDUTY_INCIDENT, NORMALIZED_OF_LABEL } from './products.ts';
import { COMPLIANCE, Compliance, Flag, Kind, RECORD, Record_, WORKFLOW, Workflow, groupKey, groupParts } from './store.ts';
import type { World } from './world.ts';

/** Steers a day: which domains improve or regress, and whether an incident (a burst of GuardDuty findings) happens. */
export interface Story {
  readonly improve?: readonly SimDomain[];
  readonly regress?: readonly SimDomain[];
  readonly incident?: boolean | { readonly accountId?: string; readonly region?: string; readonly findings?: number };
  /**
   * Findings re-rated today, by finding Id: their new Severity.Label (Inspector revises a CVE's score; a person
   * updates the severity in Security Hub). GuardDuty and Inspector findings only: a control check's severity is
   * its control's (INFORMATIONAL once it passes).
   */
  readonly rescore?: Readonly<Record<string, string>>;
}

export interface DaySummary {
  readonly day: string;
  readonly created: number;
  readonly updated: number;
  readonly removed: number;
  readonly configChanges: number;
}

interface Rates {
  fix: number;
  regress: number;
  newFailing: number;
}

function ratesFor(domain: SimDomain | null, story: Story): Rates {
  if (domain && story.improve?.includes(domain)) return { fix: 0.25, regress: 0.002, newFailing: 0.1 };
  if (domain && story.regress?.includes(domain)) return { fix: 0.01, regress: 0.06, newFailing: 0.6 };
  return { fix: 0.05, regress: 0.01, newFailing: 0.3 };
}

export function snapshotOf(world: World, i: number): FindingSnapshot {
  const s = world.store;
  return {
    complianceStatus: (s.compliance[i] ?? 0) === 0 ? null : (COMPLIANCE[s.compliance[i] ?? 0] ?? null),
    workflowStatus: WORKFLOW[s.workflow[i] ?? 0] ?? 'NEW',
    recordState: RECORD[s.record[i] ?? 0] ?? 'ACTIVE',
    severityLabel: severityLabel(world, i),
    updatedAt: new Date(s.updatedAt[i] ?? 0).toISOString(),
  };
}

interface Touch {
  before: FindingSnapshot | null;
  beforeEval: EvalCompliance | null;
  ts: number;
}

/**
 * Moves the organisation one day forward with seeded, realistic change. Every changed or new finding gets an
 * UpdatedAt on the new day; unchanged findings keep theirs. Everything is recorded in the change log.
 */
export function advanceWorld(world: World, story: Story = {}): DaySummary {
  const rescored = rescoreTargets(world, story.rescore ?? {});
  world.clock.advance();
  world.version++;
  const day = world.clock.day;
  const rng = new Rng(hash32(world.org.seed, world.clock.dayIndex, 0xda7));
  const dayStart = world.clock.dayStartMs();
  const stamp = (): number => dayStart + rng.int(0, NOW_HOUR * 3_600_000 - 1);
  const s = world.store;
  const touched = new Map<number, Touch>();
  const touch = (i: number): void => {
    if (!touched.has(i)) touched.set(i, { before: snapshotOf(world, i), beforeEval: evalOfFinding(world, i), ts: stamp() });
  };
  const created = (i: number, ts: number): void => {
    touched.set(i, { before: null, beforeEval: null, ts });
  };

  const existing = s.size;
  for (let i = 0; i < existing; i++) {
    if (s.isRemoved(i) || s.record[i] !== Record_.ACTIVE) continue;
    const kind = s.kind[i] ?? 0;
    if (kind <= Kind.CIS_LEGACY) {
      if (world.frozenGroups.has(groupKey(s.account[i] ?? 0, s.region[i] ?? 0, kind, s.control[i] ?? 0))) continue;
      evolveControl(world, rng, i, ratesFor(world.domainOf(i), story), touch);
    } else if (kind === Kind.GUARDDUTY) {
      const open = s.workflow[i] === Workflow.NEW || s.workflow[i] === Workflow.NOTIFIED;
      if (open && rng.chance(0.05)) {
        touch(i);
        s.workflow[i] = Workflow.RESOLVED;
      } else if (rng.chance(0.03)) {
        touch(i);
        s.record[i] = Record_.ARCHIVED;
      }
    } else if (rng.chance(0.03)) {
      touch(i);
      s.record[i] = Record_.ARCHIVED;
      s.workflow[i] = Workflow.RESOLVED;
    }
  }

  addResources(world, rng, story, stamp, created);
  addProductFindings(world, rng, story, stamp, created);
  rescore(world, rescored, touched);

  // New UpdatedAt values, then the time index (appends must come in (time, index) order).
  const changed = [...touched.entries()].sort((a, b) => a[1].ts - b[1].ts || a[0] - b[0]);
  for (const [i, t] of changed) {
    const r = s.region[i] ?? 0;
    if (t.before) world.indexes[r]?.markStale(s.updatedAt);
    s.updatedAt[i] = t.ts;
    world.indexes[r]?.append(i, t.ts);
  }

  const log = world.changes.forDay(day);
  const mirrors = mirrorRules(world);
  let configChanges = 0;
  for (const [i, t] of touched) {
    log.findings.push({
      id: world.findingId(i),
      accountId: world.account(s.account[i] ?? 0).id,
      region: world.regionName(s.region[i] ?? 0),
      subject: world.subjectOf(i),
      change: t.before ? 'updated' : 'created',
      before: t.before,
      after: snapshotOf(world, i),
    });
    configChanges += recordMirrorChange(world, mirrors, i, t.beforeEval, log.config);
  }
  configChanges += evolveOwnEvaluations(world, rng, story, stamp, log.config);
  return {
    day,
    created: changed.filter(([, t]) => !t.before).length,
    updated: changed.filter(([, t]) => t.before).length,
    removed: 0,
    configChanges,
  };
}

function evolveControl(world: World, rng: Rng, i: number, rates: Rates, touch: (i: number) => void): void {
  const s = world.store;
  const c = s.compliance[i];
  const wf = s.workflow[i];
  if (c === Compliance.FAILED && rng.chance(rates.fix)) {
    touch(i);
    s.compliance[i] = Compliance.PASSED;
    // Security Hub resolves a control finding that passes, unless a person suppressed it.
    if (wf === Workflow.NEW || wf === Workflow.NOTIFIED) s.workflow[i] = Workflow.RESOLVED;
  } else if (c === Compliance.PASSED && rng.chance(rates.regress)) {
    touch(i);
    s.compliance[i] = Compliance.FAILED;
    if (wf === Workflow.RESOLVED) s.workflow[i] = Workflow.NEW;
  } else if ((c === Compliance.WARNING || c === Compliance.NOT_AVAILABLE) && rng.chance(0.1)) {
    touch(i);
    const pass = rng.chance(0.7);
    s.compliance[i] = pass ? Compliance.PASSED : Compliance.FAILED;
    s.workflow[i] = pass ? Workflow.RESOLVED : Workflow.NEW;
  } else if (c === Compliance.FAILED && wf === Workflow.NEW && rng.chance(0.01)) {
    touch(i);
    s.workflow[i] = rng.chance(0.4) ? Workflow.SUPPRESSED : Workflow.NOTIFIED;
  }
  if (rng.chance(0.002)) {
    // The resource was deleted: Security Hub archives its findings.
    touch(i);
    s.record[i] = Record_.ARCHIVED;
  }
}

/** Story.rescore as (index, Severity.Normalized), checked before the day changes anything. */
function rescoreTargets(world: World, labels: Readonly<Record<string, string>>): [number, number][] {
  return Object.entries(labels).map(([id, label]) => {
    const i = world.findIndex(id);
    const normalized = NORMALIZED_OF_LABEL[label];
    if (i === undefined) throw new Error(`rescore: no finding ${id}`);
    if ((world.store.kind[i] ?? 0) <= Kind.CIS_LEGACY) throw new Error(`rescore: ${id} is a control check; its severity is its control's`);
    if (normalized === undefined) throw new Error(`rescore: no severity ${label}`);
    return [i, normalized];
  });
}

/** Sets the re-rated findings' severity, stamped from their own generator: the day's other changes stay the same. */
function rescore(world: World, targets: readonly [number, number][], touched: Map<number, Touch>): void {
  const rng = new Rng(hash32(world.org.seed, world.clock.dayIndex, 0x5e7));
  for (const [i, normalized] of targets) {
    if (!touched.has(i)) {
      touched.set(i, { before: snapshotOf(world, i), beforeEval: evalOfFinding(world, i), ts: world.clock.dayStartMs() + rng.int(0, NOW_HOUR * 3_600_000 - 1) });
    }
    world.store.severity[i] = normalized;
  }
}

function addResources(world: World, rng: Rng, story: Story, stamp: () => number, created: (i: number, ts: number) => void): void {
  const s = world.store;
  for (const [key, members] of [...world.groups]) {
    const p = groupParts(key);
    if (p.kind === Kind.CIS_LEGACY || world.frozenGroups.has(key)) continue;
    const control = CONTROLS[p.control];
    if (!control || control.resourceType === 'AWS::::Account' || !rng.chance(0.006)) continue;
    const rates = ratesFor(control.domain, story);
    let slot = 0;
    for (const i of members) slot = Math.max(slot, (s.slot[i] ?? 0) + 1);
    const ts = stamp();
    const failing = rng.chance(rates.newFailing);
    const base = {
      account: p.account,
      region: p.region,
      slot,
      compliance: failing ? Compliance.FAILED : Compliance.PASSED,
      workflow: failing ? Workflow.NEW : Workflow.RESOLVED,
      record: Record_.ACTIVE,
      flags: 0,
      severity: 0,
      createdAt: ts,
      updatedAt: ts,
    };
    created(world.insert({ ...base, kind: p.kind as 0 | 1, control: p.control }), ts);
    const cis = p.kind === Kind.FSBP_LEGACY ? CIS_BY_CONTROL.get(p.control) : undefined;
    if (cis !== undefined) created(world.insert({ ...base, kind: Kind.CIS_LEGACY, control: cis, createdAt: ts + 1, updatedAt: ts + 1 }), ts + 1);
  }
}

function addProductFindings(world: World, rng: Rng, story: Story, stamp: () => number, created: (i: number, ts: number) => void): void {
  const add = (f: Parameters<World['insert']>[0]): void => created(world.insert(f), f.updatedAt);
  for (const acc of world.org.accounts) {
    for (let r = 0; r < world.regionCount; r++) {
      if (!world.isHubEnabled(acc.index, r)) continue;
      if (rng.chance(0.05)) add(guardDutyFinding(rng, acc.index, r, stamp(), rng.weighted([3, 1, 1, 2, 3, 2, 1]), true));
      if (rng.chance(0.04)) add(inspectorFinding(rng, acc.index, r, stamp(), true));
    }
  }
  if (!story.incident) return;
  const opts = story.incident === true ? {} : story.incident;
  const prod = world.org.accounts.filter((a) => a.environment === 'prod');
  const acc = (opts.accountId ? world.org.accounts.find((a) => a.id === opts.accountId) : undefined) ?? rng.pick(prod.length > 0 ? prod : world.org.accounts);
  let r = opts.region ? world.regionIndex(opts.region) : 0;
  if (r < 0 || !world.isHubEnabled(acc.index, r)) r = world.org.regions.findIndex((_x, k) => world.isHubEnabled(acc.index, k));
  if (r < 0) return;
  const n = opts.findings ?? 25;
  for (let k = 0; k < n; k++) add(guardDutyFinding(rng, acc.index, r, stamp(), rng.pick(GUARDDUTY_INCIDENT), true));
}

/** Findings AWS stops returning (expired after 90 days, purged). Their UpdatedAt does not change. */
export function removeFindings(world: World, ids: readonly string[]): number {
  const s = world.store;
  const log = world.changes.forDay(world.clock.day);
  const mirrors = mirrorRules(world);
  let n = 0;
  for (const id of ids) {
    const i = world.findIndex(id);
    if (i === undefined) continue;
    const before = snapshotOf(world, i);
    const beforeEval = evalOfFinding(world, i);
    s.flags[i] = (s.flags[i] ?? 0) | Flag.REMOVED;
    world.version++;
    log.findings.push({
      id,
      accountId: world.account(s.account[i] ?? 0).id,
      region: world.regionName(s.region[i] ?? 0),
      subject: world.subjectOf(i),
      change: 'removed',
      before,
      after: null,
    });
    recordMirrorChange(world, mirrors, i, beforeEval, log.config);
    n++;
  }
  return n;
}
