/**
 * The core trading behaviours on the path real users run by default: the account state held from the
 * streams, fresh. Every position here is set up by real orders (our signals, or an order sent to the
 * fake as the Binance app would), so the stream tells the state what changed; each signal is then
 * checked for its result on the fake account and in Postgres, and for having read nothing over REST
 * (the fake's request log holds its orders alone). The other trading files run the same flows over REST
 * (ACCOUNT_STATE=rest, see createTradingApp); this file picks one case per code path that the live state
 * answers differently: an entry with its protection, a reversal cancelling the closed side's
 * conditional orders, a close cancelling orders placed by hand, settings changed by hand, a partial
 * close, state-aware skips, target positions, and a position mode changed by hand (Binance pushes no
 * event for it: the order is refused with -4061, and the trade is retried once after re-reading the
 * account over REST), then hedge mode. Last, a bot's two live accounts, each on its own user-data
 * stream: one order per account and no read; a stream fault or a revoked key on one account touches
 * that account alone; an account added at run time gets its stream, and loses it when disabled.
 */
import { AccountLiveStates } from '../../src/positions/account-state/account-live-states';
import { LiveAccountStateService } from '../../src/positions/account-state/live-account-state.service';
import { POSITION_MODE_RETRY_NOTE } from '../../src/trading/trade-executor';
import { control } from '../support/exchange-harness';
import { positionsOf } from '../support/fake-state';
import { orderRows, signalRow } from '../support/records';
import { signedRequest } from '../support/signed-request';
import { eventually } from '../support/stream-client';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const STATE_AWARE = '/api/binance/state-aware-ma-cross-webhook';
/** What a signal reads over REST when the state is not fresh (besides its orders). */
const REST_READS = [
  'GET /fapi/v2/balance',
  'GET /fapi/v1/ticker/price',
  'GET /fapi/v2/positionRisk',
  'GET /fapi/v1/openOrders',
  'GET /fapi/v1/openAlgoOrders',
];
const ENCRYPTION_KEY = '7c2e9a1f3b5d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
/** What runs beside a signal and is not its own: the listenKey's upkeep, the account events' back-fill. */
const BACKGROUND = ['/fapi/v1/listenKey', '/fapi/v1/userTrades', '/fapi/v1/income'];

interface OpenAlgo {
  clientAlgoId: string;
  positionSide: string;
  orderType: string;
  quantity: string;
}

describe('core trading on the fresh streamed account state', () => {
  let t: TradingTestApp;
  let live: LiveAccountStateService;
  let n = 0;

  beforeAll(async () => {
    t = await createTradingApp(
      {
        ACCOUNT_STATE: 'streams',
        PROTECTION_POLL_MS: '0',
        CONFIG_ENCRYPTION_KEY: ENCRYPTION_KEY,
        // The bot accounts' snapshots (120 weight each) take at most half a minute's budget, and this file's
        // reads come within one minute: a larger budget keeps them from waiting for the next minute.
        BINANCE_WEIGHT_PER_MINUTE: '24000',
      },
      'fresh-trading',
    );
    live = t.app.get(LiveAccountStateService);
  });
  afterAll(() => t.close());

  /** The state answers a trade on `symbol` (its positions, orders, balance and a recent mark price). */
  const fresh = (symbol: string) => eventually(() => live.read(symbol).fresh, 10_000, `fresh state of ${symbol}`);
  const requestsSince = (from: number) =>
    t.fake.requests
      .slice(from)
      .filter((r) => !BACKGROUND.includes(r.path))
      .map((r) => `${r.method} ${r.path}`);
  /** Sends an alert once the state is fresh; its answer and the exchange requests it made. */
  const signal = async (body: Record<string, unknown>, path = ADVANCED) => {
    await fresh(String(body.symbol));
    const from = t.fake.requests.length;
    const res = await t.http
      .post(path)
      .send({ id: `fresh-${++n}`, ...body })
      .expect(200);
    return { body: res.body, requests: requestsSince(from) };
  };
  const readNothing = (requests: string[]) =>
    expect(requests.filter((r) => REST_READS.includes(r) || r.startsWith('GET '))).toEqual([]);
  const openAlgo = (symbol: string) =>
    (t.fake.engine.openAlgoOrders({ symbol }) as OpenAlgo[]).sort((a, b) =>
      a.clientAlgoId.localeCompare(b.clientAlgoId),
    );
  const code = (o: OpenAlgo) => o.clientAlgoId.split('_')[2];

  it('an entry with stop loss and take profit, then a reversal cancelling them: orders only', async () => {
    const buy = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 10 };
    // The symbol's first trade sets its leverage and margin type.
    await signal(buy);
    await signal({ symbol: 'BTCUSDT', action: 'close' });

    const entry = await signal({ ...buy, stop_loss: 49000, take_profit: 52000 });
    readNothing(entry.requests);
    expect(entry.requests.filter((r) => r === 'POST /fapi/v1/order')).toHaveLength(1);
    expect(entry.body.trade).toMatchObject({ action: 'buy', price_source: 'mark-price' });
    const quantity = entry.body.trade.quantity.toFixed(3);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', quantity]]);
    expect(openAlgo('BTCUSDT').map((o) => [code(o), o.orderType])).toEqual([
      ['sl', 'STOP_MARKET'],
      ['tp1', 'TAKE_PROFIT_MARKET'],
    ]);
    expect(entry.body.protection).toEqual([
      expect.objectContaining({ kind: 'stop_loss', status: 'NEW', trigger_price: 49000 }),
      expect.objectContaining({ kind: 'take_profit', status: 'NEW', trigger_price: 52000 }),
    ]);
    const placed = openAlgo('BTCUSDT').map((o) => o.clientAlgoId);

    // The state knows the entry's conditional orders (our own answers, then ALGO_UPDATE): the reversal
    // cancels them beside its one order, without listing them first.
    await eventually(() => {
      const held = live.read('BTCUSDT');
      return held.fresh && held.reading.state.conditionalOrders?.length === 2;
    });
    const reversal = await signal({ ...buy, action: 'sell' });
    readNothing(reversal.requests);
    expect(reversal.requests.filter((r) => r === 'POST /fapi/v1/order')).toHaveLength(1);
    expect(reversal.body.trade.cancelled_algo_orders).toHaveLength(2);
    expect(openAlgo('BTCUSDT')).toEqual([]);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', `-${reversal.body.trade.quantity.toFixed(3)}`]]);
    const row = await signalRow(t.db.url, reversal.body.id);
    expect(row.cancelledOrders).toEqual(
      placed.map((clientOrderId) => expect.objectContaining({ kind: 'conditional', clientOrderId })),
    );

    await signal({ symbol: 'BTCUSDT', action: 'close' });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });

  it('a partial close of a position opened elsewhere reduces it with one order; the rest closes too', async () => {
    // Opened in the Binance app: only the stream tells the service.
    await signedRequest(t.fake, 'POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '1.0',
      newClientOrderId: 'by-hand-eth',
    });
    await eventually(() => {
      const held = live.read('ETHUSDT', true);
      return held.fresh && held.reading.state.positions.positions[0]?.quantity.toString() === '1';
    });
    const partial = await signal({ symbol: 'ETHUSDT', action: 'close', close_percentage: 50 });
    // Its order first, with nothing read before it (the protection re-fit then lists the conditional orders).
    expect(partial.requests[0]).toBe('POST /fapi/v1/order');
    readNothing(partial.requests.filter((r) => r !== 'GET /fapi/v1/openAlgoOrders'));
    expect(partial.body).toMatchObject({
      success: true,
      close_requested: '50%',
      closed_all: false,
      positions: [{ position_type: 'long', held: 1, closed: 0.5, remaining: 0.5 }],
    });
    expect(positionsOf(t.fake, 'ETHUSDT')).toEqual([['BOTH', '0.500']]);
    const orders = await orderRows(t.db.url, partial.body.id);
    expect(orders.map((o) => [o.purpose, o.side, o.reduceOnly, o.quantity])).toEqual([
      ['REDUCE_LONG', 'SELL', true, '0.500000000000000000'],
    ]);

    // The rest closed on the fresh state too: one order.
    const close = await signal({ symbol: 'ETHUSDT', action: 'close' });
    expect(close.requests).toEqual(['POST /fapi/v1/order']);
    expect(positionsOf(t.fake, 'ETHUSDT')).toEqual([]);
  });

  it("a close cancels the trader's own stop and resting order, known from the stream alone", async () => {
    const buy = { symbol: 'LTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };
    const opened = await signal(buy);
    // Placed in the Binance app: ALGO_UPDATE and ORDER_TRADE_UPDATE are all the service hears of them.
    await signedRequest(t.fake, 'POST', '/fapi/v1/algoOrder', {
      algoType: 'CONDITIONAL',
      symbol: 'LTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      triggerPrice: '70',
      closePosition: 'true',
      clientAlgoId: 'by-hand-stop',
    });
    await signedRequest(t.fake, 'POST', '/fapi/v1/order', {
      symbol: 'LTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '60',
      quantity: '1',
      newClientOrderId: 'by-hand-limit',
    });
    await eventually(() => {
      const held = live.read('LTCUSDT', true);
      if (!held.fresh) return false;
      const { openOrders, conditionalOrders } = held.reading.state;
      return openOrders?.length === 1 && conditionalOrders?.length === 1;
    });
    const close = await signal({ symbol: 'LTCUSDT', action: 'close' });
    readNothing(close.requests);
    expect(close.requests).toContain('POST /fapi/v1/order');
    expect(close.body).toMatchObject({ success: true });
    expect(close.body.cancelled_algo_orders).toHaveLength(1);
    expect(close.body.cancelled_orders).toHaveLength(1);
    expect(positionsOf(t.fake, 'LTCUSDT')).toEqual([]);
    expect(openAlgo('LTCUSDT')).toEqual([]);
    expect(t.fake.engine.openOrders({ symbol: 'LTCUSDT' })).toEqual([]);
    expect(opened.body.trade.action).toBe('buy');
  });

  it('leverage and margin type changed by hand reach the state through the stream: set back only then', async () => {
    const buy = { symbol: 'LINKUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5, margin_type: 'CROSSED' };
    await signal(buy);
    await signal({ symbol: 'LINKUSDT', action: 'close' });
    const same = await signal(buy);
    expect(same.requests).toEqual(['POST /fapi/v1/order']);
    await signal({ symbol: 'LINKUSDT', action: 'close' });
    // ACCOUNT_CONFIG_UPDATE (leverage) and ACCOUNT_UPDATE with reason MARGIN_TYPE_CHANGE, as Binance pushes them.
    await signedRequest(t.fake, 'POST', '/fapi/v1/leverage', { symbol: 'LINKUSDT', leverage: '8' });
    await signedRequest(t.fake, 'POST', '/fapi/v1/marginType', { symbol: 'LINKUSDT', marginType: 'ISOLATED' });
    await eventually(() => {
      const held = live.read('LINKUSDT');
      if (!held.fresh) return false;
      const { leverage, marginType } = held.reading.state.positions;
      return leverage === 8 && marginType === 'ISOLATED';
    });
    const changed = await signal(buy);
    expect([...changed.requests].sort()).toEqual([
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/marginType',
      'POST /fapi/v1/order',
    ]);
    expect(t.fake.engine.setting('LINKUSDT')).toEqual({ leverage: 5, marginType: 'CROSSED' });
    await signal({ symbol: 'LINKUSDT', action: 'close' });
    expect(positionsOf(t.fake, 'LINKUSDT')).toEqual([]);
  });

  it('state-aware: skips a buy while long and a close while flat with no request at all', async () => {
    const buy = { symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };
    const opened = await signal(buy, STATE_AWARE);
    expect(opened.body.trade.action).toBe('buy');
    const again = await signal(buy, STATE_AWARE);
    expect(again.body).toMatchObject({ success: true, skipped: true });
    expect(again.requests).toEqual([]);
    expect(positionsOf(t.fake, 'SOLUSDT')).toEqual([['BOTH', opened.body.trade.quantity.toFixed(0)]]);
    expect(await signalRow(t.db.url, again.body.id)).toMatchObject({ status: 'SKIPPED' });

    const close = await signal({ symbol: 'SOLUSDT', action: 'close' }, STATE_AWARE);
    expect(close.requests).toEqual(['POST /fapi/v1/order']);
    const flat = await signal({ symbol: 'SOLUSDT', action: 'close' }, STATE_AWARE);
    expect(flat.body).toMatchObject({ success: true, skipped: true });
    expect(flat.requests).toEqual([]);
    expect(positionsOf(t.fake, 'SOLUSDT')).toEqual([]);
  });

  it('target positions: open, skip when there, reverse in one order, flat', async () => {
    const target = (position: string, size?: number) => ({
      symbol: 'XRPUSDT',
      market_position: position,
      ...(size === undefined ? {} : { market_position_size: size }),
      margin_type: 'CROSSED',
      leverage: 5,
    });
    // The symbol's first trade sets its leverage.
    await signal(target('long', 30));
    const same = await signal(target('long', 30));
    expect(same.body).toMatchObject({ success: true, skipped: true, orders: [] });
    expect(same.requests).toEqual([]);

    const reversal = await signal(target('short', 20));
    expect(reversal.requests).toEqual(['POST /fapi/v1/order']);
    expect(positionsOf(t.fake, 'XRPUSDT')).toEqual([['BOTH', '-20.0']]);
    const orders = await orderRows(t.db.url, reversal.body.id);
    expect(orders.map((o) => [o.purpose, o.side, o.quantity.replace(/0+$/, '')])).toEqual([
      ['REVERSAL', 'SELL', '50.'],
    ]);

    const flat = await signal(target('flat'));
    expect(flat.requests).toEqual(['POST /fapi/v1/order']);
    expect(positionsOf(t.fake, 'XRPUSDT')).toEqual([]);
  });

  // Leaves the account in hedge mode: the tests after it trade in hedge mode.
  it('a position mode changed by hand: the refused order (-4061) is retried once after a REST read', async () => {
    const buy = { symbol: 'BNBUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };
    await signal(buy);
    await signal({ symbol: 'BNBUSDT', action: 'close' });
    await fresh('BNBUSDT');
    // Hedge mode set in the Binance app: no stream event tells it, the state still holds one-way.
    await control(t.fake, 'position-mode', { dualSidePosition: true });
    expect(live.read('BNBUSDT')).toMatchObject({ fresh: true, reading: { state: { mode: 'one-way' } } });

    const opened = await signal(buy);
    expect(opened.body).toMatchObject({ success: true, trade: { action: 'buy' } });
    expect(positionsOf(t.fake, 'BNBUSDT')).toEqual([['LONG', opened.body.trade.quantity.toFixed(2)]]);
    // The refusal, the REST read, the retry: one order placed.
    const orders = t.fake.requests.filter((r) => r.path === '/fapi/v1/order' && r.params.symbol === 'BNBUSDT');
    const [refused, retried] = orders.slice(-2);
    expect([refused.params.positionSide, refused.status]).toEqual(['BOTH', 400]);
    expect([retried.params.positionSide, retried.status]).toEqual(['LONG', 200]);
    expect(opened.requests).toEqual(expect.arrayContaining(['GET /fapi/v2/positionRisk', 'GET /fapi/v2/balance']));
    expect(opened.requests.indexOf('GET /fapi/v2/positionRisk')).toBeGreaterThan(
      opened.requests.indexOf('POST /fapi/v1/order'),
    );
    const row = await signalRow(t.db.url, opened.body.id);
    expect(row).toMatchObject({ status: 'EXECUTED' });
    expect(row.note).toContain(POSITION_MODE_RETRY_NOTE);
    expect(row.note).toContain('-4061');
    const recorded = await orderRows(t.db.url, opened.body.id);
    expect(recorded.map((o) => [o.purpose, o.positionSide, o.status])).toEqual([['OPEN', 'LONG', 'FILLED']]);

    // The state learnt the mode from that read: the next signal is one request again.
    const close = await signal({ symbol: 'BNBUSDT', action: 'close' });
    expect(close.requests).toEqual(['POST /fapi/v1/order']);
    expect(positionsOf(t.fake, 'BNBUSDT')).toEqual([]);
  });

  it('hedge mode: an entry with its protection, then a reversal in one batch cancelling it', async () => {
    const buy = { symbol: 'BNBUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };
    const entry = await signal({ ...buy, stop_loss: { percent: 2 }, take_profit: '3%' });
    readNothing(entry.requests);
    expect(positionsOf(t.fake, 'BNBUSDT')).toEqual([['LONG', entry.body.trade.quantity.toFixed(2)]]);
    expect(openAlgo('BNBUSDT').map((o) => [code(o), o.positionSide])).toEqual([
      ['sl', 'LONG'],
      ['tp1', 'LONG'],
    ]);
    await eventually(() => {
      const held = live.read('BNBUSDT');
      return held.fresh && held.reading.state.conditionalOrders?.length === 2;
    });
    const reversal = await signal({ ...buy, action: 'sell' });
    readNothing(reversal.requests);
    expect(reversal.requests).toContain('POST /fapi/v1/batchOrders');
    expect(reversal.requests).not.toContain('POST /fapi/v1/order');
    expect(reversal.body.trade.cancelled_algo_orders).toHaveLength(2);
    expect(openAlgo('BNBUSDT')).toEqual([]);
    expect(positionsOf(t.fake, 'BNBUSDT')).toEqual([['SHORT', `-${reversal.body.trade.quantity.toFixed(2)}`]]);
  });

  describe("a bot's live accounts, each on its own user-data stream", () => {
    const ADMIN = { Authorization: 'Bearer test-admin-token-0123456789' };
    const BOT = 'fresh-bot-secret-0123456789';
    const ALICE = { apiKey: 'fresh-alice-key-01', apiSecret: 'fresh-alice-secret-01' };
    const BOB = { apiKey: 'fresh-bob-key-0001', apiSecret: 'fresh-bob-secret-0001' };
    const CAROL = { apiKey: 'fresh-carol-key-01', apiSecret: 'fresh-carol-secret-01' };
    const ids: Record<string, string> = {};
    let states: AccountLiveStates;

    const addAccount = async (name: string, keys: { apiKey: string; apiSecret: string }) => {
      await control(t.fake, 'accounts', { ...keys, walletUsdt: '4000' });
      const body = { name, mode: 'live', api_key: keys.apiKey, api_secret: keys.apiSecret };
      return (await t.raw.post('/api/admin/accounts').set(ADMIN).send(body).expect(201)).body.id as string;
    };
    const accountFresh = (id: string) =>
      eventually(() => states.get(id)?.read('BTCUSDT').fresh === true, 10_000, `fresh state of account ${id}`);
    /** One alert to the bot; its answer by account, and each account's exchange requests (its API key's). */
    const alert = async (body: Record<string, unknown>, status = 200) => {
      const from = t.fake.requests.length;
      const res = await t.raw.post(`/api/bots/fresh-bot/webhook?token=${BOT}`).send(body).expect(status);
      const requestsOf = (apiKey: string) =>
        t.fake.requests
          .slice(from)
          .filter((r) => r.apiKey === apiKey && !BACKGROUND.includes(r.path))
          .map((r) => `${r.method} ${r.path}`);
      const executions = res.body.executions as Array<{ account: string; http_status: number; error?: string }>;
      return { byAccount: Object.fromEntries(executions.map((e) => [e.account, e])), requestsOf };
    };
    const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };

    beforeAll(async () => {
      states = t.app.get(AccountLiveStates);
      ids.alice = await addAccount('Alice', ALICE);
      ids.bob = await addAccount('Bob', BOB);
      const bot = { name: 'Fresh', slug: 'fresh-bot', webhook_secret: BOT, account_ids: [ids.alice, ids.bob] };
      await t.raw.post('/api/admin/bots').set(ADMIN).send(bot).expect(201);
    });

    it('each fresh account is sent its order alone: no REST read on either', async () => {
      await accountFresh(ids.alice);
      await accountFresh(ids.bob);
      // The first entry sets each account's leverage (the state knows it is 20); from then on, orders only.
      await alert(BUY);
      for (const body of [{ symbol: 'BTCUSDT', action: 'close' }, BUY]) {
        await accountFresh(ids.alice);
        await accountFresh(ids.bob);
        const sent = await alert(body);
        expect(sent.requestsOf(ALICE.apiKey)).toEqual(['POST /fapi/v1/order']);
        expect(sent.requestsOf(BOB.apiKey)).toEqual(['POST /fapi/v1/order']);
      }
      expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
      expect(t.fake.accounts.get(ALICE.apiKey)!.engine.positionRisk('BTCUSDT')).not.toEqual([]);
    });

    it('a cut stream on one account: that account reads over REST, the other still sends its order alone', async () => {
      await accountFresh(ids.bob);
      // Alice's stream is cut and her first reconnections refused: her state is not trusted meanwhile.
      await control(t.fake, 'fail', { path: '/fapi/v1/listenKey', method: 'POST', apiKey: ALICE.apiKey, count: 2 });
      await control(t.fake, 'stream/cut', { apiKey: ALICE.apiKey });
      await eventually(() => states.get(ids.alice)?.health().fresh === false, 3000, "Alice's state stale");
      const sent = await alert({ symbol: 'BTCUSDT', action: 'close' });
      expect(sent.byAccount.Alice.http_status).toBe(200);
      expect(sent.requestsOf(ALICE.apiKey)).toEqual(expect.arrayContaining(['GET /fapi/v2/positionRisk']));
      expect(sent.requestsOf(BOB.apiKey)).toEqual(['POST /fapi/v1/order']);
      // Reconnected (a new listenKey) and re-read from REST: fresh again.
      await accountFresh(ids.alice);
    });

    it("one account's revoked key fails alone: the other trades on its fresh state", async () => {
      await accountFresh(ids.alice);
      await control(t.fake, 'accounts/revoke', { apiKey: BOB.apiKey });
      try {
        const sent = await alert(BUY, 207);
        expect(sent.byAccount.Alice.http_status).toBe(200);
        expect(sent.requestsOf(ALICE.apiKey)).toEqual(['POST /fapi/v1/order']);
        expect(sent.byAccount.Bob.http_status).toBe(502);
        expect(sent.byAccount.Bob.error).toMatch(/-2015|Invalid API key/i);
      } finally {
        await control(t.fake, 'accounts/revoke', { apiKey: BOB.apiKey, revoked: false });
      }
    });

    it('an account added at run time gets its stream and state; disabled, its stream stops', async () => {
      ids.carol = await addAccount('Carol', CAROL);
      await accountFresh(ids.carol);
      const keyCalls = (method: string) =>
        t.fake.requests.filter(
          (r) => r.apiKey === CAROL.apiKey && r.path === '/fapi/v1/listenKey' && r.method === method,
        );
      expect(keyCalls('POST').length).toBeGreaterThan(0);
      await t.raw.patch(`/api/admin/accounts/${ids.carol}`).set(ADMIN).send({ enabled: false }).expect(200);
      expect(states.get(ids.carol)).toBeUndefined();
      await eventually(() => keyCalls('DELETE').length === 1, 3000, "Carol's listenKey closed");
    });
  });
});
