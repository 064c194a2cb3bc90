import type pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export interface CreatePrismaOptions {
  /** Pool size (pg's default is 10). */
  readonly max?: number;
}

/** A Prisma client over `pg` (Prisma 7 driver adapter); call `$disconnect()` when done. */
export function createPrisma(databaseUrl: string, options: CreatePrismaOptions = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    ...(options.max === undefined ? {} : { max: options.max }),
  });
  return new PrismaClient({ adapter });
}

/** A Prisma client over an existing pg Pool (the worker shares one pool between Prisma and its bulk SQL). */
export function createPrismaOnPool(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
