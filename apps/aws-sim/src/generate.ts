import type { SimDomain } from './catalog.ts';
import { CIS_BY_CONTROL, CONTROLS, SIM_DOMAINS } from './catalog.ts';
import { DAY_MS } from './clock.ts';
import { generateConfig } from './generate-config.ts';
import { accountIdFor } from './ids.ts';
import type { WorldOptions } from './options.ts';
import { DEFAULT_AGGREGATOR_NAME, resolveWorldOptions } from './options.ts';
import { Rng, hash32, hexOf } from './prng.ts';
import { guardDutyFinding, inspectorFinding } from './generate-products.ts';
import { Compliance, Flag, Kind, Record_, Workflow, groupKey } from './store.ts';
import { TimeIndex } from './time-index.ts';
import type { SimAccount, SimOrg } from './world.ts';
import { World } from './world.ts';

const HOUR_MS = 3_600_000;
const TEAMS = ['payments', 'data', 'web', 'mobile', 'identity', 'search', 'platform', 'analytics', 'ml', 'billing', 'orders', 'catalog', 'messaging', 'checkout', 'ledger', 'risk', 'growth', 'support', 'media', 'iot'];
const ENVS = ['prod', 'staging', 'dev', 'sandbox'] as const;
const ENV_WEIGHTS = [35, 20, 30, 15];
/** Chance that a control is failing in an account, by environment. */
const FAIL_PROPENSITY: Readonly<Record<string, number>> = { management: 0.1, shared: 0.15, prod: 0.12, staging: 0.22, dev: 0.32, sandbox: 0.45 };

/** Generates the whole organisation from the options (deterministic in `seed`). */
export function generateWorld(options: WorldOptions = {}): World {
  const o = resolveWorldOptions(options);
  const rng = new Rng(hash32(o.seed, 0x5eed));
  const R = o.regions.length;
  const accounts = makeAccounts(o.seed, o.accounts, o.legacyAccountFraction, Date.parse(`${o.startDay}T00:00:00Z`), rng);
  const hub = new Uint8Array(accounts.length * R).fill(1);
  const disabled: Array<{ accountId: string; region: string }> = [];
  const disabledCount = o.disabledHubs ?? (accounts.length >= 8 && R >= 2 ? 1 : 0);
  const members = rng.shuffle(accounts.filter((a) => !a.isManagement && a.index !== 1));
  for (const acc of members.slice(0, disabledCount)) {
    hub[acc.index * R + (R - 1)] = 0;
    disabled.push({ accountId: acc.id, region: o.regions[R - 1] ?? '' });
  }

  const plan = accounts.map((acc) => chooseControls(rng, rng.int(o.controlsPerAccount[0], o.controlsPerAccount[1]), !acc.consolidatedControls));
  const noDataAccount = accounts.length > 1 ? 1 : 0;
  const noDataControl = rng.pick(plan[noDataAccount] ?? [0]);
  const management = accounts[0] as SimAccount;
  const org: SimOrg = {
    seed: o.seed,
    organizationId: `o-${hexOf(10, o.seed, 0x0e)}`,
    managementAccountId: management.id,
    accounts,
    regions: o.regions,
    aggregator:
      o.aggregator === false
        ? null
        : { name: o.aggregator.name ?? DEFAULT_AGGREGATOR_NAME, accountId: management.id, region: o.aggregator.region ?? o.regions[0] ?? 'us-east-1' },
    securityHubDisabled: disabled,
    noDataPairs: [{ accountId: accounts[noDataAccount]?.id ?? management.id, controlId: CONTROLS[noDataControl]?.id ?? '' }],
  };
  const world = new World(org, hub, o.startDay);
  const nowMs = world.clock.nowMs();

  for (const acc of accounts) {
    const legacy = !acc.consolidatedControls;
    const propensity = FAIL_PROPENSITY[acc.environment] ?? 0.2;
    for (const ctl of plan[acc.index] ?? []) {
      const control = CONTROLS[ctl];
      if (!control) continue;
      const failing = rng.chance(propensity);
      const noData = acc.index === noDataAccount && ctl === noDataControl;
      const cis = legacy ? CIS_BY_CONTROL.get(ctl) : undefined;
      for (let r = 0; r < R; r++) {
        if (!world.isHubEnabled(acc.index, r)) continue;
        const kind = legacy ? Kind.FSBP_LEGACY : Kind.CONTROL;
        if (noData) {
          world.frozenGroups.add(groupKey(acc.index, r, kind, ctl));
          if (cis !== undefined) world.frozenGroups.add(groupKey(acc.index, r, Kind.CIS_LEGACY, cis));
        }
        const n = control.resourceType === 'AWS::::Account' ? 1 : rng.int(o.resourcesPerControl[0], Math.max(1, o.resourcesPerControl[1]));
        for (let slot = 0; slot < n; slot++) {
          const compliance = drawCompliance(rng, failing);
          const base = controlFinding(rng, nowMs, compliance, legacy);
          const f = { account: acc.index, region: r, kind, control: ctl, slot, severity: 0, ...base };
          if (noData) f.workflow = Workflow.SUPPRESSED;
          world.insert(f);
          if (cis !== undefined) {
            world.insert({ ...f, kind: Kind.CIS_LEGACY, control: cis, updatedAt: f.updatedAt + 1 });
          }
        }
      }
    }
  }

  for (const acc of accounts) {
    for (let r = 0; r < R; r++) {
      if (!world.isHubEnabled(acc.index, r)) continue;
      const gd = rng.int(o.guardDutyPerAccountRegion[0], o.guardDutyPerAccountRegion[1]);
      for (let k = 0; k < gd; k++) world.insert(guardDutyFinding(rng, acc.index, r, nowMs, rng.weighted([3, 1, 1, 2, 3, 2, 1])));
      const ins = rng.int(o.inspectorPerAccountRegion[0], o.inspectorPerAccountRegion[1]);
      for (let k = 0; k < ins; k++) world.insert(inspectorFinding(rng, acc.index, r, nowMs));
    }
  }

  buildIndexes(world);
  generateConfig(world, rng);
  return world;
}

function makeAccounts(seed: number, n: number, legacyFraction: number, startMs: number, rng: Rng): SimAccount[] {
  const used = new Set<string>();
  const ids = new Set<string>();
  const specials = n >= 20 ? ['security-audit', 'log-archive', 'shared-services', 'network-hub'] : n >= 8 ? ['security-audit', 'log-archive'] : [];
  const out: SimAccount[] = [];
  for (let k = 0; k < n; k++) {
    let id = accountIdFor(seed, k, 0);
    for (let attempt = 1; ids.has(id); attempt++) id = accountIdFor(seed, k, attempt);
    ids.add(id);
    let name: string;
    let environment: string;
    if (k === 0) {
      name = 'management';
      environment = 'management';
    } else if (k - 1 < specials.length) {
      name = specials[k - 1] ?? 'shared';
      environment = 'shared';
    } else {
      environment = ENVS[rng.weighted(ENV_WEIGHTS)] ?? 'dev';
      const baseName = `${environment}-${rng.pick(TEAMS)}`;
      name = baseName;
      for (let s = 2; used.has(name); s++) name = `${baseName}-${s}`;
    }
    used.add(name);
    out.push({
      index: k,
      id,
      name,
      email: `aws+${name}@example.com`,
      environment,
      isManagement: k === 0,
      joinedMethod: k === 0 || rng.chance(0.8) ? 'CREATED' : 'INVITED',
      joinedAt: startMs - rng.int(30, 1500) * DAY_MS - rng.int(0, 86_399) * 1000,
      consolidatedControls: k === 0 || !rng.chance(legacyFraction),
    });
  }
  // At least one member sends per-standard findings, so both control formats always exist.
  const last = out[out.length - 1];
  if (n >= 3 && last && out.every((a) => a.consolidatedControls)) out[out.length - 1] = { ...last, consolidatedControls: false };
  return out;
}

/** Two controls of every domain, then random ones; accounts on per-standard findings get CIS-mapped ones. */
function chooseControls(rng: Rng, count: number, legacy: boolean): number[] {
  const chosen = new Set<number>();
  const byDomain = new Map<SimDomain, number[]>();
  CONTROLS.forEach((c, i) => {
    if (!c.domain) return;
    const list = byDomain.get(c.domain) ?? [];
    list.push(i);
    byDomain.set(c.domain, list);
  });
  for (const d of SIM_DOMAINS) for (const i of rng.shuffle(byDomain.get(d) ?? []).slice(0, 2)) chosen.add(i);
  if (legacy) for (const i of rng.shuffle([...CIS_BY_CONTROL.keys()]).slice(0, 4)) chosen.add(i);
  const target = Math.min(Math.max(count, chosen.size), CONTROLS.length);
  while (chosen.size < target) chosen.add(rng.int(0, CONTROLS.length - 1));
  return [...chosen].sort((a, b) => a - b);
}

function drawCompliance(rng: Rng, failing: boolean): number {
  const x = rng.float();
  if (x < 0.02) return Compliance.WARNING;
  if (x < 0.05) return Compliance.NOT_AVAILABLE;
  return rng.chance(failing ? 0.7 : 0.04) ? Compliance.FAILED : Compliance.PASSED;
}

function controlFinding(rng: Rng, nowMs: number, compliance: number, legacy: boolean) {
  const updatedAt = nowMs - rng.int(HOUR_MS, 29 * DAY_MS);
  const createdAt = updatedAt - rng.int(0, 180 * DAY_MS);
  let workflow: number = Workflow.NEW;
  if (compliance === Compliance.FAILED) workflow = [Workflow.NEW, Workflow.NOTIFIED, Workflow.SUPPRESSED, Workflow.RESOLVED][rng.weighted([85, 7, 5, 3])] ?? Workflow.NEW;
  else if (compliance === Compliance.PASSED) workflow = rng.chance(0.85) ? Workflow.RESOLVED : Workflow.NEW;
  return {
    compliance,
    workflow,
    record: rng.chance(0.03) ? Record_.ARCHIVED : Record_.ACTIVE,
    flags: legacy && rng.chance(0.35) ? Flag.NO_REGION : 0,
    createdAt,
    updatedAt,
  };
}

function buildIndexes(world: World): void {
  const s = world.store;
  const counts = new Int32Array(world.regionCount);
  for (let i = 0; i < s.size; i++) {
    const r = s.region[i] ?? 0;
    counts[r] = (counts[r] ?? 0) + 1;
  }
  const lists = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(world.regionCount);
  for (let i = 0; i < s.size; i++) {
    const r = s.region[i] ?? 0;
    const list = lists[r];
    const at = fill[r] ?? 0;
    if (list) list[at] = i;
    fill[r] = at + 1;
  }
  lists.forEach((list, r) => {
    world.indexes[r] = TimeIndex.build(list, s.updatedAt);
  });
}
