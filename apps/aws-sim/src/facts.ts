import { hexOf } from './prng.ts';
import { NORMALIZED_OF_LABEL, labelOfNormalized } from './products.ts';
import { Compliance, Kind } from './store.ts';
import type { World } from './world.ts';

/** Severity.Label: a passed control check is INFORMATIONAL; otherwise the control's severity. */
export function severityLabel(world: World, i: number): string {
  const s = world.store;
  if ((s.kind[i] ?? 0) <= Kind.CIS_LEGACY) {
    return s.compliance[i] === Compliance.PASSED ? 'INFORMATIONAL' : (world.controlOf(i)?.severity ?? 'MEDIUM');
  }
  return labelOfNormalized(s.severity[i] ?? 0);
}

export function severityNormalized(world: World, i: number): number {
  const s = world.store;
  if ((s.kind[i] ?? 0) <= Kind.CIS_LEGACY) return NORMALIZED_OF_LABEL[severityLabel(world, i)] ?? 0;
  return s.severity[i] ?? 0;
}

/** LastObservedAt runs a few seconds ahead of UpdatedAt's update, as in real findings. */
export function lastObservedAt(world: World, i: number): number {
  const s = world.store;
  const created = s.createdAt[i] ?? 0;
  const updated = s.updatedAt[i] ?? 0;
  return Math.max(created, updated - (Number.parseInt(hexOf(4, world.org.seed, i), 16) % 30_000));
}
