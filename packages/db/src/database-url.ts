import { MigrateError, errorCode, errorMessage } from './errors.ts';

export interface DatabaseTarget {
  /** The URL as given (with its password): only ever passed to the driver. */
  readonly url: string;
  /** The database name, decoded. */
  readonly database: string;
  /** `host:port` for messages. */
  readonly server: string;
  /** The role to connect as ('' = the driver's default). */
  readonly user: string;
}

const EXPECTED = 'expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE';

/** Parses and checks a Postgres URL; throws MigrateError('INVALID_URL') saying what is wrong. */
export function parseDatabaseUrl(raw: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new MigrateError('INVALID_URL', `not a URL (${EXPECTED})`);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new MigrateError('INVALID_URL', `scheme "${url.protocol}" is not postgresql: (${EXPECTED})`);
  }
  const socketHost = url.searchParams.get('host');
  if (url.hostname === '' && !socketHost) {
    throw new MigrateError('INVALID_URL', `no host (${EXPECTED})`);
  }
  let database: string;
  try {
    database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    throw new MigrateError('INVALID_URL', 'badly encoded database name');
  }
  if (database === '' || database.includes('/')) {
    throw new MigrateError('INVALID_URL', `no database name (${EXPECTED})`);
  }
  const schema = url.searchParams.get('schema');
  if (schema !== null && schema !== 'public') {
    throw new MigrateError('INVALID_URL', `schema "${schema}" is not supported: Pillar's tables live in the public schema`);
  }
  return {
    url: raw.trim(),
    database,
    server: `${url.hostname || socketHost}:${url.port || '5432'}`,
    user: decodeURIComponent(url.username),
  };
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(target: DatabaseTarget, database: string): string {
  const url = new URL(target.url);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** One line saying why a connection failed, without the password. */
export function describeConnectionError(target: DatabaseTarget, error: unknown): MigrateError {
  const code = errorCode(error);
  const why =
    code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found'
    : code === 'ETIMEDOUT' || /timeout/i.test(errorMessage(error)) ? 'timed out'
    : code === '28P01' ? `password authentication failed for role "${target.user}"`
    : errorMessage(error);
  return new MigrateError('UNREACHABLE', `cannot connect to database "${target.database}" at ${target.server}: ${why}`, undefined, {
    cause: error,
  });
}
