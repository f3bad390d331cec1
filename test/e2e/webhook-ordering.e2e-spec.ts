/**
 * Per-symbol ordering (one at a time, in arrival order; symbols in parallel),
 * and the guarantee that an executed order is never left unrecorded.
 */
import { readFileSync, existsSync } from 'node:fs';
import { SignalJournal } from '../../src/journal/signal-journal';
import { positionsOf } from '../support/fake-state';
import { allSettled, orderRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

const ADVANCED = '/api/binance/advanced-trading-webhook';

describe('per-symbol ordering', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'ordering');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.fake.reset();
    t.fake.latencyMs = 15;
  });

  it('a close and a buy sent at the same moment end with the later-received signal: long', async () => {
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    const close = t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' });
    const closeStarted = close.then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const buy = t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 });
    const [closed, bought] = await Promise.all([closeStarted, buy]);
    expect(closed.status).toBe(200);
    expect(bought.status).toBe(200);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', bought.body.trade.quantity.toFixed(3)]]);
    // The close ran first and saw the short; the buy found the symbol flat.
    expect(closed.body.closed_positions).toHaveLength(1);
    expect(bought.body.trade.opposite_position_closed).toBe('No opposite position');
    const [c, b] = await Promise.all([signalRow(t.db.url, closed.body.id), signalRow(t.db.url, bought.body.id)]);
    expect(c.status).toBe('EXECUTED');
    expect(b.status).toBe('EXECUTED');
  });

  it('and the other way round, a buy then a close at once: flat', async () => {
    const buy = t.http
      .post(ADVANCED)
      .send({ symbol: 'ETHUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const close = t.http
      .post(ADVANCED)
      .send({ symbol: 'ETHUSDT', action: 'close' })
      .then((r) => r);
    const [bought, closed] = await Promise.all([buy, close]);
    expect(bought.status).toBe(200);
    expect(closed.body.closed_positions).toHaveLength(1);
    expect(positionsOf(t.fake, 'ETHUSDT')).toEqual([]);
  });

  it('20 concurrent signals over 5 symbols all complete consistently, one order each, every record kept', async () => {
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'];
    const signals = Array.from({ length: 20 }, (_, i) => ({
      symbol: symbols[i % 5],
      action: i % 2 === 0 ? 'buy' : 'sell',
      balance_percentage: 0.02,
      leverage: 2,
    }));
    const answers = await Promise.all(signals.map((s) => t.http.post(ADVANCED).send(s)));
    expect(answers.map((a) => a.status)).toEqual(signals.map(() => 200));
    const ids = answers.map((a) => a.body.id as string);
    await allSettled(t.db.url);
    const rows = await query<{ id: string; status: string }>(
      t.db.url,
      'SELECT id, status FROM "Signal" WHERE id = ANY($1)',
      [ids],
    );
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.status === 'EXECUTED')).toBe(true);
    const orders = await query<{ signalId: string; status: string }>(
      t.db.url,
      'SELECT "signalId", status FROM "ExchangeOrder" WHERE "signalId" = ANY($1)',
      [ids],
    );
    expect(orders).toHaveLength(20);
    expect(new Set(orders.map((o) => o.signalId)).size).toBe(20);
    expect(orders.every((o) => o.status === 'FILLED')).toBe(true);
    // Consistency: each symbol's final position is what its last executed order
    // (highest exchange order id) left, and every order saw the one before it.
    for (const symbol of symbols) {
      const held = positionsOf(t.fake, symbol);
      expect(held).toHaveLength(1);
      const [last] = await query<{ side: string }>(
        t.db.url,
        'SELECT side FROM "ExchangeOrder" WHERE symbol = $1 AND "signalId" = ANY($2) ' +
          'ORDER BY "exchangeOrderId"::bigint DESC LIMIT 1',
        [symbol, ids],
      );
      expect(held[0][1].startsWith('-')).toBe(last.side === 'SELL');
    }
  });

  it('serialises one symbol while running different symbols in parallel', async () => {
    t.fake.latencyMs = 60;
    const positionReads = (symbol?: string) =>
      t.fake.requests.filter((r) => r.path === '/fapi/v2/positionRisk' && (!symbol || r.params.symbol === symbol));
    t.fake.requests = [];
    await Promise.all(
      ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'].map((symbol) =>
        t.http.post(ADVANCED).send({ symbol, action: 'buy', balance_percentage: 0.02, leverage: 2 }),
      ),
    );
    // Four symbols: all four signals were reading before any of them placed its order.
    const firstOrder = Math.min(...t.fake.requests.filter((r) => r.path === '/fapi/v1/order').map((r) => r.receivedAt));
    expect(positionReads().every((r) => r.receivedAt <= firstOrder)).toBe(true);

    t.fake.requests = [];
    await Promise.all(
      [1, 2, 3, 4].map(() =>
        t.http.post(ADVANCED).send({ symbol: 'DOGEUSDT', action: 'buy', balance_percentage: 0.02, leverage: 2 }),
      ),
    );
    // One symbol: read, order, read, order… never two signals in flight at once.
    const sequence = t.fake.requests
      .filter(
        (r) => r.path === '/fapi/v1/order' || (r.path === '/fapi/v2/positionRisk' && r.params.symbol === 'DOGEUSDT'),
      )
      .sort((a, b) => a.receivedAt - b.receivedAt)
      .map((r) => (r.path === '/fapi/v1/order' ? 'order' : 'read'));
    expect(sequence).toEqual(['read', 'order', 'read', 'order', 'read', 'order', 'read', 'order']);
  });
});

describe('an order that went through is never left unrecorded', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'unrecorded');
  });
  afterAll(() => t.close());

  it('keeps the outcome in the pending file while Postgres refuses it, writes it once Postgres accepts', async () => {
    // Postgres starts refusing order rows after the signal row was written.
    await query(
      t.db.url,
      `CREATE FUNCTION refuse_orders() RETURNS trigger AS $$
         BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$ LANGUAGE plpgsql`,
    );
    await query(
      t.db.url,
      `CREATE TRIGGER refuse_orders BEFORE INSERT ON "ExchangeOrder" FOR EACH ROW EXECUTE FUNCTION refuse_orders()`,
    );
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(positionsOf(t.fake, 'BTCUSDT')).toHaveLength(1);
    await t.app.get(SignalJournal).settled();
    expect((await signalRow(t.db.url, res.body.id, { settled: false })).status).toBe('PROCESSING');
    expect(await orderRows(t.db.url, res.body.id)).toEqual([]);
    const pendingFile = `${t.env.DATA_DIR}/pending-records.jsonl`;
    expect(existsSync(pendingFile)).toBe(true);
    expect(readFileSync(pendingFile, 'utf8')).toContain(`tvb_${res.body.id}_op`);

    await query(t.db.url, 'DROP TRIGGER refuse_orders ON "ExchangeOrder"');
    const journal = t.app.get(SignalJournal);
    expect(await journal.flushPending()).toBe(0);
    expect((await signalRow(t.db.url, res.body.id)).status).toBe('EXECUTED');
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders).toHaveLength(1);
    expect(orders[0].status).toBe('FILLED');
    expect(readFileSync(pendingFile, 'utf8')).toBe('');
    // A second flush writes nothing twice.
    expect(await journal.flushPending()).toBe(0);
    expect(await orderRows(t.db.url, res.body.id)).toHaveLength(1);
  });
});
