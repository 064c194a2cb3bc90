import type pg from 'pg';

/** What the write queries need: a pg Pool or a client inside a transaction. */
export type Sql = Pick<pg.ClientBase, 'query'>;

/** Runs `fn` in one transaction on a client of the pool; rolled back whole on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (sql: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection that dies between two statements (Postgres restarting) must fail this transaction, not the
  // process: the next query rejects, and that error is the one the caller sees.
  const ignore = () => undefined;
  client.on('error', ignore);
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is discarded, not returned to the pool.
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw err;
  } finally {
    client.removeListener('error', ignore);
    client.release(broken);
  }
}
