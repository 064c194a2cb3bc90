/**
 * Findings kept as columns of typed arrays (about 30 bytes a finding), so a million findings fit in a
 * few tens of megabytes; the ASFF JSON is rendered only when a finding is returned.
 */

export const Kind = { CONTROL: 0, FSBP_LEGACY: 1, CIS_LEGACY: 2, GUARDDUTY: 3, INSPECTOR: 4 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Index 0 means "no Compliance object" (GuardDuty, Inspector). */
export const COMPLIANCE = ['', 'PASSED', 'FAILED', 'WARNING', 'NOT_AVAILABLE'] as const;
export const Compliance = { NONE: 0, PASSED: 1, FAILED: 2, WARNING: 3, NOT_AVAILABLE: 4 } as const;
export const WORKFLOW = ['NEW', 'NOTIFIED', 'SUPPRESSED', 'RESOLVED'] as const;
export const Workflow = { NEW: 0, NOTIFIED: 1, SUPPRESSED: 2, RESOLVED: 3 } as const;
export const RECORD = ['ACTIVE', 'ARCHIVED'] as const;
export const Record_ = { ACTIVE: 0, ARCHIVED: 1 } as const;

export const Flag = {
  /** Older findings carry no `Region`; their region is only in `ProductArn`. */
  NO_REGION: 1,
  /** AWS no longer returns the finding (expired or purged). */
  REMOVED: 2,
} as const;

export interface NewFinding {
  account: number;
  region: number;
  kind: Kind;
  /** Catalog index (control kinds), CIS rule index (CIS_LEGACY) or template index (other products). */
  control: number;
  /** Which resource of the control in this account and region (0, 1, 2, ...). */
  slot: number;
  compliance: number;
  workflow: number;
  record: number;
  flags: number;
  /** Severity.Normalized for product findings; unused for control checks (the control's severity). */
  severity: number;
  createdAt: number;
  updatedAt: number;
}

export class FindingStore {
  size = 0;
  account = new Uint16Array(0);
  region = new Uint8Array(0);
  kind = new Uint8Array(0);
  control = new Uint16Array(0);
  slot = new Uint16Array(0);
  compliance = new Uint8Array(0);
  workflow = new Uint8Array(0);
  record = new Uint8Array(0);
  flags = new Uint8Array(0);
  severity = new Uint8Array(0);
  createdAt = new Float64Array(0);
  updatedAt = new Float64Array(0);

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
  }

  get capacity(): number {
    return this.account.length;
  }

  add(f: NewFinding): number {
    if (this.size === this.capacity) this.grow(this.capacity * 2);
    const i = this.size++;
    this.account[i] = f.account;
    this.region[i] = f.region;
    this.kind[i] = f.kind;
    this.control[i] = f.control;
    this.slot[i] = f.slot;
    this.compliance[i] = f.compliance;
    this.workflow[i] = f.workflow;
    this.record[i] = f.record;
    this.flags[i] = f.flags;
    this.severity[i] = f.severity;
    this.createdAt[i] = f.createdAt;
    this.updatedAt[i] = f.updatedAt;
    return i;
  }

  isRemoved(i: number): boolean {
    return ((this.flags[i] ?? 0) & Flag.REMOVED) !== 0;
  }

  isControlCheck(i: number): boolean {
    return (this.kind[i] ?? 0) <= Kind.CIS_LEGACY;
  }

  private grow(capacity: number): void {
    const cap = Math.max(16, capacity);
    const copy = <T extends Uint8Array | Uint16Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old.subarray(0, this.size));
      return next;
    };
    this.account = copy(this.account, (n) => new Uint16Array(n));
    this.region = copy(this.region, (n) => new Uint8Array(n));
    this.kind = copy(this.kind, (n) => new Uint8Array(n));
    this.control = copy(this.control, (n) => new Uint16Array(n));
    this.slot = copy(this.slot, (n) => new Uint16Array(n));
    this.compliance = copy(this.compliance, (n) => new Uint8Array(n));
    this.workflow = copy(this.workflow, (n) => new Uint8Array(n));
    this.record = copy(this.record, (n) => new Uint8Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.severity = copy(this.severity, (n) => new Uint8Array(n));
    this.createdAt = copy(this.createdAt, (n) => new Float64Array(n));
    this.updatedAt = copy(this.updatedAt, (n) => new Float64Array(n));
  }
}

/** Key of the group "one control (of one kind) in one account and region": all its resources' findings. */
export function groupKey(account: number, region: number, kind: number, control: number): number {
  return ((account * 256 + region) * 8 + kind) * 65536 + control;
}

export function groupParts(key: number): { account: number; region: number; kind: number; control: number } {
  const control = key % 65536;
  let rest = (key - control) / 65536;
  const kind = rest % 8;
  rest = (rest - kind) / 8;
  const region = rest % 256;
  const account = (rest - region) / 256;
  return { account, region, kind, control };
}
