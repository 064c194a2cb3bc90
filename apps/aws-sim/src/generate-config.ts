import { CATALOG_RULE_NAMES, CONTROLS } from './catalog.ts';
import { DAY_MS } from './clock.ts';
import type { OwnEvaluation, SimConfigRule } from './config-model.ts';
import { securityHubRuleName, sourceIdentifierOf } from './config-model.ts';
import type { Rng } from './prng.ts';
import { hashString, hexOf } from './prng.ts';
import { simResource } from './resources.ts';
import { Kind, groupParts } from './store.ts';
import type { World } from './world.ts';

/** Managed rules an organisation runs that no Security Hub control uses: their own controls (`config:<name>`). */
const CUSTOM_RULES = [
  { name: 'required-tags', resourceType: 'AWS::EC2::Instance', description: 'Checks whether resources have the tags you specify.' },
  { name: 'approved-amis-by-tag', resourceType: 'AWS::EC2::Instance', description: 'Checks whether running instances use AMIs with the approved tags.' },
  { name: 'desired-instance-type', resourceType: 'AWS::EC2::Instance', description: 'Checks whether EC2 instances are of the specified instance types.' },
  { name: 'cloudformation-stack-drift-detection-check', resourceType: 'AWS::CloudFormation::Stack', description: 'Checks whether CloudFormation stacks have drifted.' },
  { name: 'ec2-volume-inuse-check', resourceType: 'AWS::EC2::Volume', description: 'Checks whether EBS volumes are attached to EC2 instances.' },
].filter((r) => !CATALOG_RULE_NAMES.has(r.name));

const MAX_RULE_NAME = 64;
/** Shared by every rule that keeps no evaluations of its own (never mutated). */
const NO_EVALUATIONS: OwnEvaluation[] = [];
const SHARED = new Map<number, { sourceIdentifier: string; resourceTypes: readonly string[] }>();

function sharedOf(control: number, configRule: string, resourceType: string): { sourceIdentifier: string; resourceTypes: readonly string[] } {
  let v = SHARED.get(control);
  if (!v) {
    v = { sourceIdentifier: sourceIdentifierOf(configRule), resourceTypes: Object.freeze([resourceType]) };
    SHARED.set(control, v);
  }
  return v;
}
const PACK_SUFFIX = '-conformance-pack-';

interface Pick {
  base: string;
  control: number | null;
  resourceType: string;
  description: string;
  pack: boolean;
  /** Generated with no evaluations (no resource in scope): INSUFFICIENT_DATA. */
  empty: boolean;
  /** Every evaluation NOT_APPLICABLE. */
  allNotApplicable: boolean;
}

/** Config rules of every account x region: Security Hub's `securityhub-` rules and the org's own managed rules. */
export function generateConfig(world: World, rng: Rng): void {
  const R = world.regionCount;
  const enabled = new Map<number, Map<number, number>>();
  for (const key of world.groups.keys()) {
    const p = groupParts(key);
    if (p.kind === Kind.CIS_LEGACY) continue;
    const slot = p.account * R + p.region;
    const m = enabled.get(slot) ?? new Map<number, number>();
    m.set(p.control, key);
    enabled.set(slot, m);
  }
  const nowMs = world.clock.nowMs();
  const seed = world.org.seed;
  const rules: SimConfigRule[][] = [];

  for (const acc of world.org.accounts) {
    const picks = pickManagedRules(rng, enabled.get(acc.index * R) ?? new Map<number, number>());
    const packId = hexOf(9, seed, acc.index, 0xc0);
    for (let r = 0; r < R; r++) {
      const list: SimConfigRule[] = [];
      const make = (name: string, fields: Omit<SimConfigRule, 'name' | 'account' | 'region' | 'createdAt'>): SimConfigRule => ({
        name,
        account: acc.index,
        region: r,
        createdAt: nowMs - rng.int(30, 400) * DAY_MS,
        ...fields,
      });
      const here = enabled.get(acc.index * R + r) ?? new Map<number, number>();
      for (const [ctl, key] of here) {
        const c = CONTROLS[ctl];
        if (!c?.configRule) continue;
        const shared = sharedOf(ctl, c.configRule, c.resourceType);
        list.push(
          make(securityHubRuleName(seed, acc.index, r, ctl, c.configRule), {
            sourceIdentifier: shared.sourceIdentifier,
            createdBy: 'securityhub.amazonaws.com',
            description: c.title,
            resourceTypes: shared.resourceTypes,
            domain: c.domain,
            mirror: key,
            own: NO_EVALUATIONS,
          }),
        );
      }
      for (const p of picks) {
        const mirrorKey = p.control === null ? undefined : here.get(p.control);
        list.push(
          make(p.pack ? `${p.base}${PACK_SUFFIX}${packId}` : p.base, {
            sourceIdentifier: p.control === null ? p.base.replace(/-/g, '_').toUpperCase() : sourceIdentifierOf(p.base),
            createdBy: p.pack ? 'config-conforms.amazonaws.com' : null,
            description: p.description,
            resourceTypes: [p.resourceType],
            domain: p.control === null ? null : (CONTROLS[p.control]?.domain ?? null),
            mirror: mirrorKey ?? null,
            own: mirrorKey === undefined && !p.empty ? ownEvaluations(world, rng, acc.index, r, p) : NO_EVALUATIONS,
          }),
        );
      }
      list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      rules[acc.index * R + r] = list;
    }
  }
  world.configRules = rules;
}

function pickManagedRules(rng: Rng, enabledHere: ReadonlyMap<number, number>): Pick[] {
  const picks: Pick[] = [];
  const used = new Set<string>();
  const hasPack = rng.chance(0.5);
  const add = (control: number, empty: boolean): void => {
    const c = CONTROLS[control];
    if (!c?.configRule || used.has(c.configRule)) return;
    used.add(c.configRule);
    const fitsPack = c.configRule.length + PACK_SUFFIX.length + 9 <= MAX_RULE_NAME;
    picks.push({ base: c.configRule, control, resourceType: c.resourceType, description: c.title, pack: hasPack && fitsPack && rng.chance(0.6), empty, allNotApplicable: false });
  };
  const mine = [...enabledHere.keys()].filter((c) => CONTROLS[c]?.configRule);
  for (const c of rng.shuffle(mine).slice(0, rng.int(1, 2))) add(c, false);
  const others = CONTROLS.flatMap((c, i) => (c.configRule && !enabledHere.has(i) ? [i] : []));
  const shuffled = rng.shuffle(others);
  for (const c of shuffled.slice(0, rng.int(1, 3))) add(c, false);
  const spare = shuffled[5];
  if (spare !== undefined) add(spare, true);
  for (const r of rng.shuffle(CUSTOM_RULES).slice(0, rng.int(1, 2))) {
    picks.push({ base: r.name, control: null, resourceType: r.resourceType, description: r.description, pack: false, empty: false, allNotApplicable: rng.chance(0.3) });
  }
  return picks;
}

function ownEvaluations(world: World, rng: Rng, a: number, r: number, p: Pick): OwnEvaluation[] {
  const acc = world.account(a);
  const region = world.regionName(r);
  const nowMs = world.clock.nowMs();
  const n = p.resourceType === 'AWS::::Account' ? 1 : rng.int(1, 5);
  const out: OwnEvaluation[] = [];
  for (let slot = 0; slot < n; slot++) {
    const name = hexOf(p.resourceType.startsWith('AWS::EC2::') ? 16 : 6, world.org.seed, a, r, hashString(p.resourceType), slot);
    const res = simResource(p.resourceType, acc.id, acc.name, region, name);
    const compliance = p.allNotApplicable ? 2 : ([0, 1, 2][rng.weighted([60, 25, 15])] as 0 | 1 | 2);
    out.push({ resourceType: res.configType, resourceId: res.configId, compliance, recordedAt: nowMs - rng.int(3_600_000, 7 * DAY_MS) });
  }
  return out;
}


