/**
 * The accounts' advisory locks on one shared session, against a real
 * Postgres: the keys of one turn are tried in one statement, a key another
 * instance holds waits for it without holding up the other keys, and a
 * release frees the key for the other instance.
 */
import { Pool, PoolClient } from 'pg';
import { SharedAdvisoryLocks } from '../../src/trading/shared-advisory-locks';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('SharedAdvisoryLocks (real Postgres)', () => {
  let db: TestDatabase;
  let poolA: Pool;
  let poolB: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('shared_locks');
    poolA = new Pool({ connectionString: db.url, max: 2 });
    poolB = new Pool({ connectionString: db.url, max: 2 });
  });

  afterAll(async () => {
    await poolA.end();
    await poolB.end();
    await db.drop();
  });

  it("takes one turn's keys in one statement; another instance waits only for the keys held", async () => {
    const a = new SharedAdvisoryLocks(poolA, 0x7476);
    const b = new SharedAdvisoryLocks(poolB, 0x7476);
    const statements: string[] = [];
    const connect = poolA.connect.bind(poolA) as () => Promise<PoolClient>;
    jest.spyOn(poolA, 'connect').mockImplementation((async () => {
      const client = await connect();
      const query = client.query.bind(client) as (text: string, values: unknown[]) => Promise<unknown>;
      (client as unknown as { query: typeof query }).query = (text: string, values: unknown[]) => {
        statements.push(text);
        return query(text, values);
      };
      return client;
    }) as never);
    const releases = await Promise.all(['acct-1:BTCUSDT', 'acct-2:BTCUSDT', 'acct-3:BTCUSDT'].map((k) => a.lock(k)));
    expect(statements.filter((s) => s.includes('pg_try_advisory_lock'))).toHaveLength(1);

    let taken = false;
    const waiting = b.lock('acct-2:BTCUSDT').then((release) => {
      taken = true;
      return release;
    });
    const free = await b.lock('acct-4:BTCUSDT');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(taken).toBe(false);

    releases.forEach((release) => release());
    const releaseB = await waiting;
    expect(taken).toBe(true);
    expect(statements.filter((s) => s.includes('pg_advisory_unlock'))).toHaveLength(1);
    releaseB();
    free();
    a.close();
    b.close();
  });
});
