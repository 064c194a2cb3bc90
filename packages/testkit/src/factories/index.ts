// Test data factories: defaults plus partial overrides, one insert per call (STYLE.md "Tests").
export { dateOf, intervalsOf, type Day } from './days.ts';
export { insertAccounts, insertControls, insertDomainOverride, makeAccount, makeControl, type DomainOverrideInput } from './catalog.ts';
export {
  insertAccountDays,
  insertControlDays,
  insertOrgDays,
  insertPairHistory,
  insertPairStates,
  type AccountDayInput,
  type ControlDayInput,
  type OrgDayInput,
  type PairStateInput,
  type PairStep,
} from './history.ts';
export {
  insertFindingHistory,
  insertFindings,
  insertFindingStates,
  makeFinding,
  type FindingInput,
  type FindingStateInput,
  type FindingStateName,
} from './findings.ts';
export { insertRecordedDays, insertSyncParts, insertSyncRun, makeSyncRun, type SyncPartInput, type SyncRunInput } from './syncs.ts';
