/** The admin trade-history API over real records made through the webhook. */
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { allSettled } from '../support/records';
import { query } from '../support/test-database';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const STATE_AWARE = '/api/binance/state-aware-ma-cross-webhook';
const TOKEN = 'test-admin-token-0123456789';

describe('admin API', () => {
  let t: TradingTestApp;
  const ids: Record<string, string> = {};
  let windowFrom: string;
  let windowTo: string;
  const admin = (path: string) => t.http.get(`/api/admin/${path}`).set('Authorization', `Bearer ${TOKEN}`);

  beforeAll(async () => {
    t = await createTradingApp({ ADMIN_TOKEN: TOKEN }, 'admin');
    windowFrom = new Date(Date.now() - 1000).toISOString();
    const send = async (name: string, path: string, body: unknown) => {
      const res = await t.http.post(path).send(body as object);
      ids[name] = res.body.id;
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await send('btcBuy', ADVANCED, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 });
    await send('ethSell', ADVANCED, { symbol: 'ETHUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 });
    await send('badPct', ADVANCED, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 5, leverage: 5 });
    await send('btcClose', ADVANCED, { symbol: 'BTCUSDT', action: 'close' });
    await send('solBuy', STATE_AWARE, { symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.05, leverage: 2 });
    await send('solSkip', STATE_AWARE, { symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.05, leverage: 2 });
    t.fake.fail({ path: '/fapi/v1/order', count: 1, code: -2019 });
    await send('xrpNoMargin', ADVANCED, { symbol: 'XRPUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 });
    windowTo = new Date(Date.now() + 1000).toISOString();
    await allSettled(t.db.url);
  });
  afterAll(() => t.close());

  it('refuses every admin route without the right bearer token (401)', async () => {
    for (const path of ['signals', `signals/${ids.btcBuy}`, 'orders', 'stats', 'positions', 'export.csv']) {
      await t.http.get(`/api/admin/${path}`).expect(401);
      await t.http.get(`/api/admin/${path}`).set('Authorization', 'Bearer wrong-token-0000000000').expect(401);
    }
    await t.http.post(`/api/admin/signals/${ids.badPct}/replay`).expect(401);
    await t.http.get('/api/binance/config').expect(401);
  });

  it('lists signals newest first with their final status, quantity, error and latency', async () => {
    const res = await admin('signals').expect(200);
    const names = ['xrpNoMargin', 'solSkip', 'solBuy', 'btcClose', 'badPct', 'ethSell', 'btcBuy'];
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual(names.map((n) => ids[n]));
    const first = res.body.items.find((s: { id: string }) => s.id === ids.btcBuy);
    expect(first).toMatchObject({
      status: 'executed',
      action: 'buy',
      symbol: 'BTCUSDT',
      route: 'advanced-trading',
      quantity: '0.1',
      http_status: 200,
      error_code: null,
    });
    expect(first.latency_ms).toEqual(expect.any(Number));
    expect(res.body.items.find((s: { id: string }) => s.id === ids.badPct)).toMatchObject({
      status: 'rejected',
      error_code: 'VALIDATION',
    });
    expect(res.body.next_cursor).toBeNull();
  });

  it('filters signals by symbol, action, status, route and time', async () => {
    const idsOf = async (q: string) =>
      (await admin(`signals?${q}`).expect(200)).body.items.map((s: { id: string }) => s.id);
    expect(await idsOf('symbol=btcusdt')).toEqual([ids.btcClose, ids.badPct, ids.btcBuy]);
    expect(await idsOf('action=sell')).toEqual([ids.ethSell]);
    expect(await idsOf('status=skipped')).toEqual([ids.solSkip]);
    expect(await idsOf('status=failed')).toEqual([ids.xrpNoMargin]);
    expect(await idsOf('route=state-aware-ma-cross')).toEqual([ids.solSkip, ids.solBuy]);
    expect(await idsOf(`from=${encodeURIComponent(windowTo)}`)).toEqual([]);
    expect(await idsOf(`to=${encodeURIComponent(windowFrom)}`)).toEqual([]);
    expect((await idsOf(`from=${encodeURIComponent(windowFrom)}&to=${encodeURIComponent(windowTo)}`)).length).toBe(7);
  });

  it('pages through signals with no gaps or repeats', async () => {
    const all = (await admin('signals?limit=200').expect(200)).body.items.map((s: { id: string }) => s.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    type Page = { body: { items: Array<{ id: string }>; next_cursor: string | null } };
    do {
      const res: Page = await admin(`signals?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((s: { id: string }) => s.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each([
    ['signals?limit=500', 'limit'],
    ['signals?limit=abc', 'limit'],
    ['signals?status=lost', 'status'],
    ['signals?action=hold', 'action'],
    ['signals?from=yesterday', 'from'],
    ['signals?cursor=not-a-cursor', 'cursor'],
    ['signals?colour=red', 'colour'],
    ['orders?side=up', 'side'],
    ['stats?to=soon', 'to'],
  ])('refuses %s with 400 naming %s', async (path, parameter) => {
    const res = await admin(path).expect(400);
    expect(res.body.parameter).toBe(parameter);
    expect(res.body.message).toContain(`"${parameter}"`);
  });

  it('shows one signal with its calculation, orders and error; 404 for an unknown id', async () => {
    const res = await admin(`signals/${ids.btcBuy}`).expect(200);
    expect(res.body).toMatchObject({
      id: ids.btcBuy,
      status: 'executed',
      symbol: 'BTCUSDT',
      calculation: { quantity: '0.1', price: '50000', step_size: '0.001', balance: '10000' },
    });
    expect(res.body.orders).toHaveLength(1);
    expect(res.body.orders[0]).toMatchObject({
      purpose: 'open',
      status: 'filled',
      request: { symbol: 'BTCUSDT' },
      response: { status: 'FILLED' },
    });
    const failed = await admin(`signals/${ids.xrpNoMargin}`).expect(200);
    expect(failed.body.error).toMatchObject({
      code: '-2019',
      message: 'Binance API error (Code -2019): Margin is insufficient.',
    });
    expect(failed.body.error.suggestions.length).toBeGreaterThan(0);
    await admin('signals/nope').expect(404);
  });

  it('lists orders with filters and pagination', async () => {
    const all = (await admin('orders').expect(200)).body.items;
    expect(all.length).toBe(5);
    const sells = (await admin('orders?side=sell').expect(200)).body.items;
    expect(sells.every((o: { side: string }) => o.side === 'SELL')).toBe(true);
    expect((await admin('orders?symbol=ETHUSDT').expect(200)).body.items).toHaveLength(1);
    expect((await admin('orders?status=failed').expect(200)).body.items).toHaveLength(1);
    const first = await admin('orders?limit=3').expect(200);
    const second = await admin(`orders?limit=3&cursor=${first.body.next_cursor}`).expect(200);
    expect([...first.body.items, ...second.body.items].map((o: { id: string }) => o.id)).toEqual(
      all.map((o: { id: string }) => o.id),
    );
    expect(second.body.next_cursor).toBeNull();
  });

  it('computes stats that match the rows', async () => {
    const res = await admin(`stats?from=${encodeURIComponent(windowFrom)}&to=${encodeURIComponent(windowTo)}`).expect(
      200,
    );
    const rows = await query<{ status: string; n: string }>(
      t.db.url,
      'SELECT status, count(*) AS n FROM "Signal" GROUP BY status',
    );
    expect(res.body.by_status).toEqual(Object.fromEntries(rows.map((r) => [r.status.toLowerCase(), Number(r.n)])));
    expect(res.body.by_status).toEqual({ executed: 4, rejected: 1, skipped: 1, failed: 1 });
    expect(res.body.total).toBe(7);
    expect(res.body.by_symbol).toEqual({ BTCUSDT: 3, ETHUSDT: 1, SOLUSDT: 2, XRPUSDT: 1 });
    expect(res.body.success_rate).toBe(0.8);
    const [volume] = await query<{ v: string }>(
      t.db.url,
      `SELECT sum("cumQuote")::text AS v FROM "ExchangeOrder" WHERE symbol = 'BTCUSDT' AND status = 'FILLED'`,
    );
    expect(Number(res.body.executed_volume_usdt.BTCUSDT)).toBe(Number(volume.v));
    expect(res.body.executed_volume_usdt.BTCUSDT).toBe('10000');
    const latencies = (await query<{ l: number }>(t.db.url, 'SELECT "latencyMs" AS l FROM "Signal" ORDER BY 1')).map(
      (r) => r.l,
    );
    expect(res.body.latency_ms.p50).toBeGreaterThanOrEqual(latencies[0]);
    expect(res.body.latency_ms.p99).toBeLessThanOrEqual(latencies[latencies.length - 1]);
    expect(res.body.latency_ms.p95).toBeGreaterThanOrEqual(res.body.latency_ms.p50);
    const empty = await admin(`stats?from=${encodeURIComponent(windowTo)}`).expect(200);
    expect(empty.body).toMatchObject({ total: 0, success_rate: null, latency_ms: { p50: null } });
  });

  it('shows live positions and balance from the exchange', async () => {
    const res = await admin('positions').expect(200);
    expect(res.body.exchange).toEqual({ mode: 'live', host: new URL(t.fake.url).host });
    expect(
      res.body.positions.map((p: { symbol: string; direction: string }) => `${p.symbol}:${p.direction}`).sort(),
    ).toEqual(['ETHUSDT:short', 'SOLUSDT:long']);
    expect(res.body.balance.wallet).toBe(t.fake.engine.wallet.toFixed());
  });

  it('exports executed orders as CSV that parses back to the rows', async () => {
    const res = await admin('export.csv')
      .expect(200)
      .expect('content-type', /text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'created_at,signal_id,client_order_id,exchange_order_id,symbol,purpose,side,position_side,' +
        'quantity,executed_qty,avg_price,cum_quote,status,account_id,mode',
    );
    const records = lines
      .slice(1)
      .map((line) => Object.fromEntries(line.split(',').map((v, i) => [lines[0].split(',')[i], v])));
    const rows = await query<{ clientOrderId: string; quantity: string; cumQuote: string }>(
      t.db.url,
      `SELECT "clientOrderId", quantity::text, "cumQuote"::text FROM "ExchangeOrder" WHERE status = 'FILLED' ORDER ` +
        `BY "createdAt", id`,
    );
    expect(records.map((r) => r.client_order_id)).toEqual(rows.map((r) => r.clientOrderId));
    for (const [i, r] of records.entries()) {
      expect(Number(r.quantity)).toBe(Number(rows[i].quantity));
      expect(r.quantity).not.toMatch(/e|0$/);
      expect(r.cum_quote).toBe(String(Number(rows[i].cumQuote)));
      // Whose fill, and where: today's routes trade the default account, here live against the fake.
      expect([r.account_id, r.mode]).toEqual(['default', 'live']);
    }
    const none = await admin(`export.csv?from=${encodeURIComponent(windowTo)}`).expect(200);
    expect(none.text.trim().split('\r\n')).toHaveLength(1);
  });

  it('replays a failed signal as a new signal linked to it, and refuses others', async () => {
    const res = await t.http
      .post(`/api/admin/signals/${ids.xrpNoMargin}/replay`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(res.body).toMatchObject({ replay_of: ids.xrpNoMargin, http_status: 200, result: { success: true } });
    const replayId = res.body.result.id;
    await allSettled(t.db.url);
    const replay = await admin(`signals/${replayId}`).expect(200);
    expect(replay.body).toMatchObject({ status: 'executed', replay_of: ids.xrpNoMargin });
    const original = await admin(`signals/${ids.xrpNoMargin}`).expect(200);
    expect(original.body.replays.map((r: { id: string }) => r.id)).toEqual([replayId]);
    const refused = await t.http
      .post(`/api/admin/signals/${ids.btcBuy}/replay`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(409);
    expect(refused.body.message).toMatch(
      /Only failed, partial or rejected signals can be replayed; signal .* is executed/,
    );
    await t.http.post('/api/admin/signals/nope/replay').set('Authorization', `Bearer ${TOKEN}`).expect(404);
  });
});
