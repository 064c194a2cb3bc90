// Named write queries of the worker: findings, Config results, sync runs, recording a day.
export * from './sql.ts';
export * from './catalog.ts';
export * from './findings.ts';
export * from './config.ts';
export * from './syncs.ts';
export * from './intervals.ts';
export * from './history.ts';
