import type pg from 'pg';

/** What the write queries need: a pg Pool or a client inside a transaction. */
export type Sql = Pick<pg.ClientBase, 'query'>;

/** Runs `fn` in one transaction on a client of the pool; rolled back whole on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (sql: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
