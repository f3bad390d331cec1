/**
 * Signals recorded in one turn share a statement (journal/signal-journal.ts):
 * each row stores what it would alone, and a row Postgres refuses costs no
 * other signal its record (the refused one waits in the pending file).
 */
import Decimal from 'decimal.js';
import { Pool } from 'pg';
import { PG_POOL } from '../../src/database/database.module';
import { SignalJournal } from '../../src/journal/signal-journal';
import type { SignalHeader } from '../../src/journal/signal-record';
import { query } from '../support/test-database';
import { createTradingApp, TradingTestApp } from '../support/test-app';

describe('journal batches (real Postgres)', () => {
  let t: TradingTestApp;
  let journal: SignalJournal;
  let statements: string[];

  beforeAll(async () => {
    t = await createTradingApp({}, 'journal_batches');
    journal = t.app.get(SignalJournal);
    const pool: Pool = t.app.get(PG_POOL);
    const original = pool.query.bind(pool) as (text: string, values: unknown[]) => Promise<unknown>;
    statements = [];
    const counting = (text: string, values: unknown[]) => {
      statements.push(text);
      return original(text, values);
    };
    Object.assign(pool, { query: counting });
  }, 60_000);

  afterAll(() => t.close());

  const header = (id: string, extra: Partial<SignalHeader> = {}): SignalHeader => ({
    id,
    route: 'advanced',
    payload: { symbol: 'BTCUSDT', action: 'buy' },
    receivedAt: new Date(),
    action: 'BUY',
    symbol: 'BTCUSDT',
    balancePercentage: new Decimal('0.5'),
    botId: 'default',
    accountId: 'default',
    ...extra,
  });

  it("writes one turn's starts in one insert and their outcomes in one statement, as each alone would", async () => {
    statements.length = 0;
    const headers = [header('batch-a'), header('batch-b', { leverage: 3, externalId: 'x-1' }), header('batch-c')];
    await Promise.all(headers.map((h) => journal.start(h)));
    expect(statements.filter((s) => s.startsWith('INSERT INTO "Signal"'))).toHaveLength(1);
    const started = await query<{ id: string; status: string; leverage: number | null; authenticated: boolean }>(
      t.db.url,
      `SELECT id, status, leverage, authenticated FROM "Signal" WHERE id LIKE 'batch-%' ORDER BY id`,
    );
    expect(started).toEqual([
      { id: 'batch-a', status: 'PROCESSING', leverage: null, authenticated: false },
      { id: 'batch-b', status: 'PROCESSING', leverage: 3, authenticated: false },
      { id: 'batch-c', status: 'PROCESSING', leverage: null, authenticated: false },
    ]);

    statements.length = 0;
    await Promise.all(
      headers.map((h, i) =>
        journal.finish(h, {
          status: i === 1 ? 'FAILED' : 'EXECUTED',
          httpStatus: i === 1 ? 400 : 200,
          answeredAt: new Date(),
        }),
      ),
    );
    expect(statements.filter((s) => s.startsWith('WITH s0 AS'))).toHaveLength(1);
    const finished = await query<{ id: string; status: string; httpStatus: number }>(
      t.db.url,
      `SELECT id, status, "httpStatus" FROM "Signal" WHERE id LIKE 'batch-%' ORDER BY id`,
    );
    expect(finished.map((r) => [r.id, r.status, r.httpStatus])).toEqual([
      ['batch-a', 'EXECUTED', 200],
      ['batch-b', 'FAILED', 400],
      ['batch-c', 'EXECUTED', 200],
    ]);
  });

  it('a row Postgres refuses is kept in the pending file; the others of its turn are written', async () => {
    const before = (await journal.pending.readAll()).length;
    // 2^31 does not fit the integer column: Postgres refuses that row (SQLSTATE 22003).
    const headers = [header('refused-a'), header('refused-b', { leverage: 2 ** 31 }), header('refused-c')];
    await Promise.all(headers.map((h) => journal.start(h)));
    const rows = await query<{ id: string }>(t.db.url, `SELECT id FROM "Signal" WHERE id LIKE 'refused-%' ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(['refused-a', 'refused-c']);
    const pending = await journal.pending.readAll();
    expect(pending.slice(before).map((p) => p.signal.id)).toEqual(['refused-b']);
    await journal.pending.keepOnly(pending.slice(0, before), pending.length);
  });

  it("a read asked with the starts is answered by their insert's statement", async () => {
    statements.length = 0;
    const read = { text: 'SELECT $1::text AS asked', values: ['switches'] };
    const answers = await Promise.all([
      journal.startReading(header('riding-a'), read),
      journal.start(header('riding-b')),
      journal.startReading(header('riding-c'), read),
    ]);
    const written = statements.filter((s) => s.includes('"Signal"'));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^WITH inserted AS \(INSERT INTO "Signal"/);
    expect(answers).toEqual([[{ asked: 'switches' }], 'started', [{ asked: 'switches' }]]);
    const rows = await query<{ id: string }>(t.db.url, `SELECT id FROM "Signal" WHERE id LIKE 'riding-%' ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(['riding-a', 'riding-b', 'riding-c']);
  });

  it('with a read, a row Postgres refuses is still kept and the others written; the read is left to them', async () => {
    const before = (await journal.pending.readAll()).length;
    const read = { text: 'SELECT $1::text AS asked', values: ['switches'] };
    const headers = [header('refused-read-a'), header('refused-read-b', { leverage: 2 ** 31 })];
    const answers = await Promise.all(headers.map((h) => journal.startReading(h, read)));
    // Retried row by row without the read: each caller reads by itself.
    expect(answers).toEqual([undefined, undefined]);
    const rows = await query<{ id: string }>(
      t.db.url,
      `SELECT id FROM "Signal" WHERE id LIKE 'refused-read-%' ORDER BY id`,
    );
    expect(rows.map((r) => r.id)).toEqual(['refused-read-a']);
    const pending = await journal.pending.readAll();
    expect(pending.slice(before).map((p) => p.signal.id)).toEqual(['refused-read-b']);
    await journal.pending.keepOnly(pending.slice(0, before), pending.length);
  });

  it('an outcome handed over for later is written after the answer goes out, as it was when handed over', async () => {
    const late = header('later-a');
    await journal.start(late);
    statements.length = 0;
    journal.finishLater(late, { status: 'EXECUTED', httpStatus: 200, answeredAt: new Date() });
    // Changed after it was handed over (the answer's own work): the record keeps what was settled.
    late.symbol = 'ETHUSDT';
    await Promise.resolve();
    expect(statements.filter((s) => s.includes('"Signal"'))).toEqual([]);
    await journal.settled();
    const rows = await query<{ status: string; symbol: string }>(
      t.db.url,
      `SELECT status, symbol FROM "Signal" WHERE id = 'later-a'`,
    );
    expect(rows).toEqual([{ status: 'EXECUTED', symbol: 'BTCUSDT' }]);
  });
});
