import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPrisma } from '../src/client.ts';
import { databaseUnreachable, describeFailure } from '../src/problems.ts';

// The one line an operator reads when Pillar cannot reach its database, from the errors the real drivers raise.

async function firstQueryError(url: string): Promise<unknown> {
  const prisma = createPrisma(url, { max: 1 });
  try {
    await prisma.$queryRaw`SELECT 1`;
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await prisma.$disconnect().catch(() => undefined);
  }
}

describe('databaseUnreachable', () => {
  it('says the server is not reachable, naming the database and the server but never the password', async () => {
    const url = 'postgresql://pillar:s3cret-password@127.0.0.1:1/pillar';
    const line = databaseUnreachable(url, await firstQueryError(url));
    expect(line).toBe('DATABASE_URL: cannot connect to database "pillar" at 127.0.0.1:1: not reachable (is Postgres running there?)');
    expect(line).not.toContain('s3cret');
  });

  it('says the database does not exist and how to create it', async () => {
    const url = 'postgresql://postgres@127.0.0.1:5432/pillar_no_such_database';
    expect(databaseUnreachable(url, await firstQueryError(url))).toBe(
      'DATABASE_URL: cannot connect to database "pillar_no_such_database" at 127.0.0.1:5432: the database does not exist (run `pnpm db:migrate`)',
    );
  });
});

describe('describeFailure', () => {
  it('puts a refused connection of the pg driver in two words', async () => {
    const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:1/x' });
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeFailure(error)).toBe('connection refused');
  });

  it('keeps the first non-empty line of any other message', () => {
    expect(describeFailure(new Error('\nfirst line\nsecond line'))).toBe('first line');
    expect(describeFailure(new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ENOTFOUND' }) }))).toBe('host not found');
  });
});
