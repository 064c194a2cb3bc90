export { startWorker, type RunningWorker, type WorkerOptions } from './worker.ts';
export { createSyncStarter, type SyncStarter, type SyncRequest, type SyncStarted } from './producer.ts';
export { createQueues } from './runtime.ts';
export { loadWorkerEnv, redisConnection } from './env.ts';
export { finaliseSync, domainsOn } from './jobs/finalise.ts';
export { parsePage } from './jobs/securityhub-page.ts';
export { createWorkerMetrics, type WorkerMetrics } from './metrics.ts';
