import { DAY_MS } from './clock.ts';
import type { Rng } from './prng.ts';
import { GUARDDUTY_TEMPLATES, INSPECTOR_TEMPLATES, NORMALIZED_OF_LABEL } from './products.ts';
import type { NewFinding } from './store.ts';
import { Compliance, Flag, Kind, Record_, Workflow } from './store.ts';

const HOUR_MS = 3_600_000;

/** A GuardDuty finding; `fresh` ones are new today (created and updated at `nowMs`, NEW, ACTIVE). */
export function guardDutyFinding(rng: Rng, account: number, region: number, nowMs: number, template: number, fresh = false): NewFinding {
  const t = GUARDDUTY_TEMPLATES[template] ?? GUARDDUTY_TEMPLATES[0];
  const createdAt = fresh ? nowMs : nowMs - rng.int(HOUR_MS, 60 * DAY_MS);
  const updatedAt = fresh ? nowMs : createdAt + rng.int(0, Math.min(nowMs - createdAt, 10 * DAY_MS));
  const archived = !fresh && rng.chance(0.1);
  return {
    account,
    region,
    kind: Kind.GUARDDUTY,
    control: template,
    slot: 0,
    compliance: Compliance.NONE,
    workflow: fresh ? Workflow.NEW : ([Workflow.NEW, Workflow.NOTIFIED, Workflow.RESOLVED, Workflow.SUPPRESSED][rng.weighted([75, 10, 10, 5])] ?? Workflow.NEW),
    record: archived ? Record_.ARCHIVED : Record_.ACTIVE,
    flags: !fresh && rng.chance(0.15) ? Flag.NO_REGION : 0,
    severity: (t?.severity ?? 2) * 10,
    createdAt,
    updatedAt,
  };
}

/** An Inspector vulnerability finding; closed ones are ARCHIVED and RESOLVED. */
export function inspectorFinding(rng: Rng, account: number, region: number, nowMs: number, fresh = false): NewFinding {
  const template = rng.int(0, INSPECTOR_TEMPLATES.length - 1);
  const t = INSPECTOR_TEMPLATES[template];
  const createdAt = fresh ? nowMs : nowMs - rng.int(HOUR_MS, 90 * DAY_MS);
  const updatedAt = fresh ? nowMs : createdAt + rng.int(0, Math.min(nowMs - createdAt, 20 * DAY_MS));
  const closed = !fresh && rng.chance(0.1);
  return {
    account,
    region,
    kind: Kind.INSPECTOR,
    control: template,
    slot: 0,
    compliance: Compliance.NONE,
    workflow: closed ? Workflow.RESOLVED : Workflow.NEW,
    record: closed ? Record_.ARCHIVED : Record_.ACTIVE,
    flags: 0,
    severity: NORMALIZED_OF_LABEL[t?.label ?? 'LOW'] ?? 1,
    createdAt,
    updatedAt,
  };
}
