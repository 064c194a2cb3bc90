export {
  cleanupStaleTestDatabases,
  createTestDatabase,
  testServerUrl,
  TEST_DATABASE_PREFIX,
  type CreateTestDatabaseOptions,
  type TestDatabase,
} from './database.ts';
export { deleteRedisKeys, uniqueRedisPrefix } from './redis.ts';
export * from './factories/index.ts';
export * from './servers.ts';
