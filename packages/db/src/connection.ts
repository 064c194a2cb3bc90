import pg from 'pg';
import { type DatabaseTarget, describeConnectionError, withDatabase } from './database-url.ts';
import { MigrateError, errorCode, errorMessage } from './errors.ts';

export async function connect(connectionString: string, timeoutMs: number): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'pillar-migrate',
  });
  // A connection lost while idle emits 'error'; the next query then fails and reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Creates the target database from a maintenance database; false when another process won the race. */
export async function createDatabase(target: DatabaseTarget, timeoutMs: number): Promise<boolean> {
  let admin: pg.Client | undefined;
  let lastError: unknown;
  for (const maintenance of ['postgres', 'template1']) {
    try {
      admin = await connect(withDatabase(target, maintenance), timeoutMs);
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (!admin) throw describeConnectionError(target, lastError);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(target.database)}`);
    return true;
  } catch (error) {
    const code = errorCode(error);
    // 42P04 duplicate_database; 23505 when two CREATE DATABASE race on pg_database's unique index.
    if (code === '42P04' || code === '23505') return false;
    if (code === '42501') {
      throw new MigrateError(
        'CREATE_DATABASE_DENIED',
        `database "${target.database}" does not exist at ${target.server} and role "${target.user}" may not create it ` +
          `(an administrator can: CREATE DATABASE ${quoteIdent(target.database)} OWNER ${quoteIdent(target.user)})`,
      );
    }
    throw new MigrateError('CREATE_DATABASE_DENIED', `cannot create database "${target.database}": ${errorMessage(error)}`, undefined, {
      cause: error,
    });
  } finally {
    await admin.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
