export * from './generated/prisma/client.ts';
export { createPrisma, createPrismaOnPool, type CreatePrismaOptions } from './client.ts';
export { migrate, MIGRATION_LOCK_KEY, type MigrateOptions, type MigrateResult } from './migrate.ts';
export { MigrateError, type MigrateErrorCode } from './errors.ts';
export { parseDatabaseUrl, type DatabaseTarget } from './database-url.ts';
export { defaultMigrationsDir } from './migration-files.ts';
export * from './vocabulary.ts';
export * from './read/index.ts';
export * from './write/index.ts';
