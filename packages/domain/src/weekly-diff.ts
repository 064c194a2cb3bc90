import type { NormalizedFinding } from './finding.ts';
import type { PairStatus } from './pair-status.ts';
import { isInWeek, type IsoWeek } from './weeks.ts';

/** Pairs whose failing state changed between the end of W-1 and the end of W (keys sorted). */
export interface FailingChanges {
  /** FAILED at the end of W, not FAILED at the end of W-1 (including pairs that did not exist). */
  readonly newlyFailing: string[];
  /** FAILED at the end of W-1, not FAILED at the end of W (including pairs that no longer exist). */
  readonly noLongerFailing: string[];
}

/** Compares pair statuses, keyed by `pairKey(account, control)`, at the end of W-1 and of W. */
export function failingChanges(
  previous: ReadonlyMap<string, PairStatus>,
  current: ReadonlyMap<string, PairStatus>,
): FailingChanges {
  const failing = (statuses: ReadonlyMap<string, PairStatus>) =>
    new Set([...statuses].filter(([, status]) => status === 'FAILED').map(([key]) => key));
  const before = failing(previous);
  const after = failing(current);
  return {
    newlyFailing: [...after].filter((key) => !before.has(key)).sort(),
    noLongerFailing: [...before].filter((key) => !after.has(key)).sort(),
  };
}

/** A finding as it stood at the end of a week. `open` excludes archived, passed, resolved, suppressed and gone. */
export interface FindingEndState {
  /** SCORING.md "Open findings". */
  readonly open: boolean;
  readonly archived: boolean;
  readonly passed: boolean;
  /** Workflow RESOLVED. */
  readonly resolved: boolean;
  /** Workflow SUPPRESSED. */
  readonly suppressed: boolean;
  /** No longer returned by AWS, as found by a full reconciliation. */
  readonly gone: boolean;
}

/** The end state of a finding AWS still returns. */
export function endStateOf(
  finding: Pick<NormalizedFinding, 'isOpen' | 'recordState' | 'complianceStatus' | 'workflowStatus'>,
): FindingEndState {
  return {
    open: finding.isOpen,
    archived: finding.recordState === 'ARCHIVED',
    passed: finding.complianceStatus === 'PASSED',
    resolved: finding.workflowStatus === 'RESOLVED',
    suppressed: finding.workflowStatus === 'SUPPRESSED',
    gone: false,
  };
}

/** The end state of a finding a full reconciliation found gone. */
export const GONE: FindingEndState = { open: false, archived: false, passed: false, resolved: false, suppressed: false, gone: true };

/** A finding at both ends of week W; `null` where it was not known (not yet observed). */
export interface FindingWeekEnds {
  readonly id: string;
  /** `FirstObservedAt`, else `CreatedAt` (ISO). */
  readonly firstObservedAt: string;
  readonly previous: FindingEndState | null;
  readonly current: FindingEndState | null;
}

export type FindingChange = 'new' | 'resolved' | 'suppressed';

/**
 * SCORING.md "Time": **new** = first observed in W and open at the end of W; **resolved** = open at
 * the end of W-1 and, at the end of W, archived, passed, workflow RESOLVED or gone; **suppressed** =
 * open at the end of W-1 and SUPPRESSED at the end of W. A finding has at most one change: one
 * that is both suppressed and closed (archived, passed, gone) counts as resolved, since the
 * problem itself went away.
 */
export function classifyFinding(finding: FindingWeekEnds, week: IsoWeek): FindingChange | null {
  const { previous, current } = finding;
  if (current?.open === true) return isInWeek(finding.firstObservedAt, week) ? 'new' : null;
  if (previous?.open !== true || current === null) return null;
  if (current.archived || current.passed || current.resolved || current.gone) return 'resolved';
  return current.suppressed ? 'suppressed' : null;
}

/** Ids by change, in input order. */
export interface FindingChanges {
  readonly newFindings: string[];
  readonly resolvedFindings: string[];
  readonly suppressedFindings: string[];
}

export function findingChanges(findings: Iterable<FindingWeekEnds>, week: IsoWeek): FindingChanges {
  const changes: FindingChanges = { newFindings: [], resolvedFindings: [], suppressedFindings: [] };
  for (const finding of findings) {
    const change = classifyFinding(finding, week);
    if (change === 'new') changes.newFindings.push(finding.id);
    else if (change === 'resolved') changes.resolvedFindings.push(finding.id);
    else if (change === 'suppressed') changes.suppressedFindings.push(finding.id);
  }
  return changes;
}
