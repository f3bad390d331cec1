/**
 * Trading on the account state the streams hold: with the state fresh an open,
 * a reversal and a close each make exactly one request to the exchange (their
 * order, or one batch); when it is not (the stream down, the listenKey
 * expired, a resync pending after a reconnect, a silence, a stale mark price)
 * the signal reads over REST by itself and still trades right; and a position
 * changed while the stream was cut is seen after the reconnect's resync.
 * Through HTTP, against the fake Binance, counting the requests it received.
 */
import Decimal from 'decimal.js';
import { LiveAccountStateService } from '../../src/positions/account-state/live-account-state.service';
import { control } from '../support/exchange-harness';
import { positionsOf } from '../support/fake-state';
import { signedRequest } from '../support/signed-request';
import { eventually, pause } from '../support/stream-client';
import { createTestApp, createTradingApp, TestApp, TradingTestApp } from '../support/test-app';

const HOOK = '/api/binance/advanced-trading-webhook';
/** What a signal reads over REST when the state is not fresh (besides its order). */
const REST_READS = ['GET /fapi/v2/balance', 'GET /fapi/v1/ticker/price', 'GET /fapi/v2/positionRisk'];

describe('trading on the streamed account state', () => {
  let t: TradingTestApp;
  let live: LiveAccountStateService;

  beforeAll(async () => {
    t = await createTradingApp(
      {
        ACCOUNT_STATE: 'streams',
        // Mark prices come every second: a short silence limit and mark-price age keep the fault tests short.
        BINANCE_STREAM_SILENCE_MS: '4000',
        MARK_PRICE_MAX_AGE_MS: '2500',
        PROTECTION_POLL_MS: '0',
      },
      'account-state',
    );
    live = t.app.get(LiveAccountStateService);
  });
  afterAll(() => t.close());

  const reason = (symbol: string, forClose = false) => {
    const answer = live.read(symbol, forClose);
    return answer.fresh ? 'fresh' : answer.reason;
  };
  const fresh = (symbol: string) => eventually(() => reason(symbol) === 'fresh', 10_000, `fresh state of ${symbol}`);
  /**
   * The exchange requests since `from`, as "METHOD path": the signal's own, and nothing of what runs beside
   * it (the listenKey's upkeep, the account events' back-fill from the trade and income history).
   */
  const BACKGROUND = ['/fapi/v1/listenKey', '/fapi/v1/userTrades', '/fapi/v1/income'];
  const requestsSince = (from: number) =>
    t.fake.requests
      .slice(from)
      .filter((r) => !BACKGROUND.includes(r.path))
      .map((r) => `${r.method} ${r.path}`);
  const signal = async (symbol: string, action: string) => {
    const from = t.fake.requests.length;
    const res = await t.http.post(HOOK).send({ symbol, action, balance_percentage: 0.1, leverage: 5 }).expect(200);
    return { body: res.body, requests: requestsSince(from) };
  };
  const expectReadOverRest = (requests: string[]) => expect(requests).toEqual(expect.arrayContaining(REST_READS));

  describe('fresh state: one request per signal', () => {
    it('opens, reverses and closes with their order alone', async () => {
      // The symbol's first trade also sets its leverage and margin type (and reads the Multi-Assets mode once).
      await fresh('BTCUSDT');
      await signal('BTCUSDT', 'buy');
      await fresh('BTCUSDT');
      await signal('BTCUSDT', 'close');
      await fresh('BTCUSDT');
      const open = await signal('BTCUSDT', 'buy');
      expect(open.body.trade).toMatchObject({ action: 'buy', price_source: 'mark-price' });
      expect(open.requests).toEqual(['POST /fapi/v1/order']);
      const opened = positionsOf(t.fake, 'BTCUSDT');
      expect(opened).toEqual([['BOTH', open.body.trade.quantity.toFixed(3)]]);

      await fresh('BTCUSDT');
      const reversal = await signal('BTCUSDT', 'sell');
      expect(reversal.requests).toEqual(['POST /fapi/v1/order']);
      expect(reversal.body.trade.opposite_position_closed).not.toBe('No opposite position');
      expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', `-${reversal.body.trade.quantity.toFixed(3)}`]]);

      await fresh('BTCUSDT');
      const close = await signal('BTCUSDT', 'close');
      expect(close.requests).toEqual(['POST /fapi/v1/order']);
      expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    });

    it('two signals back to back on one symbol never act on a stale position', async () => {
      await fresh('ETHUSDT');
      // The second comes before the stream has confirmed the first's fill: it trusts our own answer for the
      // position (a close needs nothing else) or reads over REST; it never closes what is not there.
      const [buy, close] = await Promise.all([signal('ETHUSDT', 'buy'), signal('ETHUSDT', 'close')]);
      expect(buy.body.trade.action).toBe('buy');
      expect(close.body).toMatchObject({ success: true });
      expect(positionsOf(t.fake, 'ETHUSDT')).toEqual([]);
      const orders = t.fake.requests.filter((r) => r.path === '/fapi/v1/order' && r.params.symbol === 'ETHUSDT');
      expect(orders.map((r) => r.params.side)).toEqual(['BUY', 'SELL']);
      expect(orders[1].params.quantity).toBe(orders[0].params.quantity);
    });
  });

  describe('stale state: reads over REST by itself', () => {
    it('while the stream is down', async () => {
      await fresh('SOLUSDT');
      // No new listenKey for a while: the stream stays down.
      await control(t.fake, 'fail', { path: '/fapi/v1/listenKey', method: 'POST', count: 3, status: 503 });
      await control(t.fake, 'stream/cut', {});
      await eventually(() => reason('SOLUSDT') === 'stream-down', 3000, 'stream down');
      const open = await signal('SOLUSDT', 'buy');
      expectReadOverRest(open.requests);
      expect(positionsOf(t.fake, 'SOLUSDT')).toEqual([['BOTH', open.body.trade.quantity.toFixed(0)]]);
      const close = await signal('SOLUSDT', 'close');
      expect(close.requests).toContain('GET /fapi/v2/positionRisk');
      expect(positionsOf(t.fake, 'SOLUSDT')).toEqual([]);
      await fresh('SOLUSDT');
    });

    it('after the listenKey expired', async () => {
      await fresh('XRPUSDT');
      await control(t.fake, 'fail', { path: '/fapi/v1/listenKey', method: 'POST', count: 4, status: 503 });
      await control(t.fake, 'stream/expire-listen-key', {});
      await eventually(() => reason('XRPUSDT') === 'listen-key-expired', 3000, 'listenKey expired');
      const open = await signal('XRPUSDT', 'sell');
      expectReadOverRest(open.requests);
      expect(positionsOf(t.fake, 'XRPUSDT')).toEqual([['BOTH', `-${open.body.trade.quantity.toFixed(1)}`]]);
      await fresh('XRPUSDT');
      await signal('XRPUSDT', 'close');
      expect(positionsOf(t.fake, 'XRPUSDT')).toEqual([]);
    });

    it('while the resync after a reconnect is pending', async () => {
      await fresh('BTCUSDT');
      // The account-wide read of open orders fails for a while: the reconnect cannot be resynchronised.
      await control(t.fake, 'fail', { path: '/fapi/v1/openOrders', method: 'GET', count: 6, status: 503 });
      await control(t.fake, 'stream/cut', {});
      await eventually(() => reason('BTCUSDT') === 'resync-pending', 5000, 'resync pending');
      const open = await signal('BTCUSDT', 'buy');
      expectReadOverRest(open.requests);
      expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', open.body.trade.quantity.toFixed(3)]]);
      await fresh('BTCUSDT');
      const close = await signal('BTCUSDT', 'close');
      expect(close.requests).toEqual(['POST /fapi/v1/order']);
      expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    });

    it('with a stale mark price, and after a silence', async () => {
      await fresh('ETHUSDT');
      await control(t.fake, 'stream/stall', { kind: 'market' });
      await eventually(() => reason('ETHUSDT') === 'mark-price-stale', 5000, 'mark price stale');
      const open = await signal('ETHUSDT', 'buy');
      expectReadOverRest(open.requests);
      expect(open.body.trade.price_source).toBe('exchange');
      await eventually(() => reason('ETHUSDT', true) === 'stream-silent', 8000, 'silence');
      const close = await signal('ETHUSDT', 'close');
      expect(close.requests).toContain('GET /fapi/v2/positionRisk');
      expect(positionsOf(t.fake, 'ETHUSDT')).toEqual([]);
      await control(t.fake, 'stream/stall', { on: false });
      await fresh('ETHUSDT');
    });
  });

  it('resyncs after a reconnect: a position changed while the stream was cut is seen afterwards', async () => {
    await fresh('BTCUSDT');
    await control(t.fake, 'fail', { path: '/fapi/v1/listenKey', method: 'POST', count: 3, status: 503 });
    await control(t.fake, 'stream/cut', {});
    await eventually(() => reason('BTCUSDT') === 'stream-down', 3000, 'stream down');
    // Traded elsewhere (the Binance app) while nothing could be heard.
    await signedRequest(t.fake, 'POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.004',
      newClientOrderId: 'by-hand-1',
    });
    await fresh('BTCUSDT');
    const held = live.read('BTCUSDT', true);
    expect(held.fresh && held.reading.state.positions.positions.map((p) => p.quantity.toString())).toEqual(['0.004']);
    const close = await signal('BTCUSDT', 'close');
    expect(close.requests).toEqual(['POST /fapi/v1/order']);
    // The last order (the account events' back-fill may have read the trade history since).
    const lastOrder = t.fake.requests.filter((r) => r.path === '/fapi/v1/order').at(-1);
    expect(lastOrder?.params).toMatchObject({ side: 'SELL', quantity: '0.004' });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });

  it('shows the streams and whether the state is fresh on GET /api/health', async () => {
    await fresh('BTCUSDT');
    const health = await t.http
      .get('/api/health')
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(200);
    expect(health.body.details.streams).toMatchObject({
      status: 'up',
      enabled: true,
      connected: true,
      stateFresh: true,
      staleReason: null,
      lastEventAgeMs: expect.any(Number),
      reconnects: expect.any(Number),
    });
    expect(health.body.details.streams.lastEventAgeMs).toBeLessThan(2500);
  });

  it('reverses in hedge mode with one batch', async () => {
    await control(t.fake, 'position-mode', { dualSidePosition: true });
    // Changed behind the stream's back (Binance pushes no event for it): a reconnect resynchronises.
    await control(t.fake, 'stream/cut', {});
    await pause(100);
    await fresh('BTCUSDT');
    expect(live.read('BTCUSDT').fresh && live.read('BTCUSDT')).toMatchObject({ reading: { state: { mode: 'hedge' } } });
    const open = await signal('BTCUSDT', 'buy');
    expect(open.requests).toEqual(['POST /fapi/v1/order']);
    await fresh('BTCUSDT');
    const reversal = await signal('BTCUSDT', 'sell');
    expect(reversal.requests).toEqual(['POST /fapi/v1/batchOrders']);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['SHORT', `-${reversal.body.trade.quantity.toFixed(3)}`]]);
  });
});

describe('trading on the streamed account state in paper mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    // PAPER_MARKET_DATA_URL is off in tests: paper prices come from the alert's entry.
    t = await createTestApp({ WEBHOOK_SECRET: 'paper-state-secret', ADMIN_TOKEN: 'paper-state-admin-0123456789' });
  });
  afterAll(() => t.close());

  const send = (body: object) =>
    t.http
      .post(`${HOOK}?token=paper-state-secret`)
      .send({ symbol: 'BTCUSDT', ...body })
      .expect(200);

  it("uses the same holder, fed by the paper engine's stream, and keeps paper's price: the alert's entry", async () => {
    const live = t.app.get(LiveAccountStateService);
    await send({ action: 'buy', balance_percentage: 0.1, leverage: 5, entry: 50000 });
    await eventually(() => live.read('BTCUSDT').fresh, 10_000, 'fresh paper state');
    // Fresh, and still sized and filled at the entry the alert gives (not the last mark price).
    const reversal = await send({ action: 'sell', balance_percentage: 0.1, leverage: 5, entry: 40000 });
    expect(reversal.body.trade).toMatchObject({ current_price: 40000, price_source: 'signal-entry' });
    await eventually(() => live.read('BTCUSDT', true).fresh, 10_000, 'fresh paper state');
    const held = live.read('BTCUSDT', true);
    expect(held.fresh && held.reading.state.positions.positions).toMatchObject([
      { direction: 'SHORT', quantity: expect.anything(), entryPrice: new Decimal(40000) },
    ]);
    await send({ action: 'close' });
    await eventually(
      () => {
        const flat = live.read('BTCUSDT', true);
        return flat.fresh && flat.reading.state.positions.positions.length === 0;
      },
      5000,
      'flat',
    );
  });
});
