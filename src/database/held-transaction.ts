/**
 * One transaction on one pooled connection, for the few writes that need
 * several statements under a lock (a replay's claim, a notification fan-out).
 * A connection lost while held (Postgres restarting, the database dropped)
 * must not crash the process with an unhandled 'error' event: the pending
 * query rejects instead, and a connection that failed is released with its
 * error, so the pool discards it rather than lending it out again.
 */
import type { Pool, PoolClient } from 'pg';

export async function inHeldTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error): void => {
    lost = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    lost ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(lost);
  }
}
