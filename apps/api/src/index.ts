// The API as a library: the composition root and its wiring, for server.ts, the demo and the tests.
export { buildApp, loggerOptions, type AppConfig, type AppDeps } from './app.ts';
export { createAppDeps } from './deps.ts';
export { appConfigFrom, loadServerSettings, REDIS_PREFIX, type ServerSettings } from './env.ts';
export { defaultWebRoot } from './static.ts';
