import type { ConfigChange } from './changes.ts';
import type { EvalCompliance, SimConfigRule } from './config-model.ts';
import { EVAL_COMPLIANCE, evalOfFinding } from './config-model.ts';
import type { Story } from './evolve.ts';
import type { Rng } from './prng.ts';
import { Kind, groupKey } from './store.ts';
import type { World } from './world.ts';

/** Rules whose evaluations follow each control group. */
export function mirrorRules(world: World): Map<number, SimConfigRule[]> {
  const out = new Map<number, SimConfigRule[]>();
  for (const list of world.configRules) {
    for (const rule of list ?? []) {
      if (rule.mirror !== null) out.set(rule.mirror, [...(out.get(rule.mirror) ?? []), rule]);
    }
  }
  return out;
}

export function recordMirrorChange(world: World, mirrors: Map<number, SimConfigRule[]>, i: number, before: EvalCompliance | null, out: ConfigChange[]): number {
  const s = world.store;
  const kind = s.kind[i] ?? 0;
  if (kind !== Kind.CONTROL && kind !== Kind.FSBP_LEGACY) return 0;
  const after = evalOfFinding(world, i);
  if (after === before) return 0;
  const rules = mirrors.get(groupKey(s.account[i] ?? 0, s.region[i] ?? 0, kind, s.control[i] ?? 0)) ?? [];
  const res = world.resourceOf(i);
  for (const rule of rules) {
    out.push({
      accountId: world.account(rule.account).id,
      region: world.regionName(rule.region),
      configRuleName: rule.name,
      resourceType: res.configType,
      resourceId: res.configId,
      before,
      after,
    });
  }
  return rules.length;
}

export function evolveOwnEvaluations(world: World, rng: Rng, story: Story, stamp: () => number, out: ConfigChange[]): number {
  let n = 0;
  for (const list of world.configRules) {
    for (const rule of list ?? []) {
      if (rule.mirror !== null) continue;
      const improving = rule.domain !== null && (story.improve?.includes(rule.domain) ?? false);
      const regressing = rule.domain !== null && (story.regress?.includes(rule.domain) ?? false);
      for (const e of rule.own) {
        const before = e.compliance;
        if (before === 1 && rng.chance(improving ? 0.2 : regressing ? 0.01 : 0.04)) e.compliance = 0;
        else if (before === 0 && rng.chance(regressing ? 0.08 : improving ? 0.002 : 0.01)) e.compliance = 1;
        else continue;
        e.recordedAt = stamp();
        out.push({
          accountId: world.account(rule.account).id,
          region: world.regionName(rule.region),
          configRuleName: rule.name,
          resourceType: e.resourceType,
          resourceId: e.resourceId,
          before: EVAL_COMPLIANCE[before],
          after: EVAL_COMPLIANCE[e.compliance],
        });
        n++;
      }
    }
  }
  return n;
}
