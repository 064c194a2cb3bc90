import type { NormalizedFinding } from './finding.ts';

/** Status of a pair (one control in one account), SCORING.md "The status of a pair". */
export type PairStatus = 'FAILED' | 'UNKNOWN' | 'PASSED' | 'NO_DATA';

/** Strongest first: combining keeps the strongest, so FAILED anywhere makes the pair FAILED. */
export const PAIR_STATUSES: readonly PairStatus[] = ['FAILED', 'UNKNOWN', 'PASSED', 'NO_DATA'];

const RANK: Readonly<Record<PairStatus, number>> = { FAILED: 3, UNKNOWN: 2, PASSED: 1, NO_DATA: 0 };

/**
 * The monoid that builds a pair's status: associative and commutative, with `NO_DATA` as identity.
 * So statuses computed per region (or per page of findings) combine into the account-level status
 * that computing over all findings at once would give.
 */
export function combineStatus(a: PairStatus, b: PairStatus): PairStatus {
  return RANK[a] >= RANK[b] ? a : b;
}

export function combineStatuses(statuses: Iterable<PairStatus>): PairStatus {
  let result: PairStatus = 'NO_DATA';
  for (const status of statuses) result = combineStatus(result, status);
  return result;
}

/** What one finding says about its pair: nothing (`NO_DATA`) unless it counts for the score. */
export function findingStatus(finding: Pick<NormalizedFinding, 'complianceStatus' | 'countsForScore'>): PairStatus {
  if (!finding.countsForScore) return 'NO_DATA';
  if (finding.complianceStatus === 'FAILED') return 'FAILED';
  if (finding.complianceStatus === 'PASSED') return 'PASSED';
  return 'UNKNOWN';
}

/**
 * Status of a pair over its control-check findings (all regions and resources). An empty list
 * gives `NO_DATA`: whether a pair with no finding exists at all is the caller's knowledge.
 */
export function pairStatusOfFindings(
  findings: Iterable<Pick<NormalizedFinding, 'complianceStatus' | 'countsForScore'>>,
): PairStatus {
  let result: PairStatus = 'NO_DATA';
  for (const finding of findings) result = combineStatus(result, findingStatus(finding));
  return result;
}

/** AWS Config compliance types, of evaluations and of the aggregator's per-region summaries. */
export type ConfigComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

/**
 * What one Config evaluation says: NON_COMPLIANT -> FAILED, COMPLIANT -> PASSED; NOT_APPLICABLE is
 * left out and INSUFFICIENT_DATA (or any other value) is no data, both `NO_DATA`, the identity.
 */
export function configStatus(complianceType: string): PairStatus {
  if (complianceType === 'NON_COMPLIANT') return 'FAILED';
  if (complianceType === 'COMPLIANT') return 'PASSED';
  return 'NO_DATA';
}

/** Status of a Config-rule pair over its evaluations or per-region summaries. */
export function pairStatusOfConfig(complianceTypes: Iterable<string>): PairStatus {
  let result: PairStatus = 'NO_DATA';
  for (const type of complianceTypes) result = combineStatus(result, configStatus(type));
  return result;
}

/** Key of a pair: account and control. Control ids may hold `/` and `:`, account ids never hold `|`. */
export function pairKey(accountId: string, controlId: string): string {
  return `${accountId}|${controlId}`;
}

/** Splits a pair key back into its account and control. */
export function parsePairKey(key: string): { accountId: string; controlId: string } {
  const at = key.indexOf('|');
  return { accountId: key.slice(0, at), controlId: key.slice(at + 1) };
}

/** Pair statuses of a batch of findings; findings that are not control checks are ignored. */
export function pairStatuses(
  findings: Iterable<Pick<NormalizedFinding, 'accountId' | 'controlId' | 'isControlCheck' | 'complianceStatus' | 'countsForScore'>>,
): Map<string, PairStatus> {
  const statuses = new Map<string, PairStatus>();
  for (const finding of findings) {
    if (!finding.isControlCheck || finding.controlId === null) continue;
    const key = pairKey(finding.accountId, finding.controlId);
    statuses.set(key, combineStatus(statuses.get(key) ?? 'NO_DATA', findingStatus(finding)));
  }
  return statuses;
}
