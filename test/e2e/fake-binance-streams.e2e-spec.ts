/* eslint-disable @typescript-eslint/no-explicit-any --
   the fake's JSON answers and binance-api-node's ws client are untyped here; the test asserts their shapes */
/**
 * The fake's user-data and market streams: listenKey endpoints with Binance's
 * semantics, events in Binance's exact shapes made by the account's real
 * changes (read raw, and through binance-api-node's own ws client), and the
 * stream faults /__control can inject.
 */
import Binance from 'binance-api-node';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, startFakeBinance } from '../support/exchange-harness';
import { signedRequest } from '../support/signed-request';
import { connectStream, eventually, pause, StreamClient, StreamMessage } from '../support/stream-client';

describe('fake Binance: streams', () => {
  let fake: FakeBinanceServer;
  let ws: string;
  const clients: StreamClient[] = [];
  beforeAll(async () => {
    fake = await startFakeBinance();
    ws = fake.url.replace('http', 'ws');
  });
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    fake.streams.listenKeys.clear();
    await control(fake, 'stream/settings', { listenKeyValidityMs: 3_600_000, connectionLifetimeMs: 86_400_000 });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  const keyRequest = async (method: 'POST' | 'PUT' | 'DELETE', query = '', apiKey: string | null = fake.apiKey) => {
    const response = await fetch(`${fake.url}/fapi/v1/listenKey${query}`, {
      method,
      headers: apiKey === null ? {} : { 'X-MBX-APIKEY': apiKey },
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const userStream = async (path = '/ws/') => {
    const { listenKey } = (await keyRequest('POST')).body;
    const client = await connectStream(`${ws}${path}${listenKey}`);
    clients.push(client);
    return { client, listenKey: listenKey as string };
  };
  const order = (params: Record<string, string>) =>
    signedRequest(fake, 'POST', '/fapi/v1/order', { symbol: 'BTCUSDT', newOrderRespType: 'RESULT', ...params });

  describe('listenKey', () => {
    it('POST answers one key per account and extends it; PUT keeps it alive; DELETE closes it', async () => {
      const first = await keyRequest('POST');
      expect(first).toMatchObject({ status: 200, body: { listenKey: expect.stringMatching(/^[A-Za-z0-9]{64}$/) } });
      expect((await keyRequest('POST')).body.listenKey).toBe(first.body.listenKey);
      expect(await keyRequest('PUT')).toEqual({ status: 200, body: { listenKey: first.body.listenKey } });
      expect(await keyRequest('PUT', `?listenKey=${first.body.listenKey}`)).toMatchObject({ status: 200 });
      expect(await keyRequest('PUT', '?listenKey=not-the-key')).toEqual({
        status: 400,
        body: { code: -1125, msg: 'This listenKey does not exist.' },
      });
      expect(await keyRequest('DELETE')).toEqual({ status: 200, body: {} });
      expect((await keyRequest('PUT')).body.code).toBe(-1125);
      expect((await keyRequest('POST')).body.listenKey).not.toBe(first.body.listenKey);
    });

    it('needs the API key (USER_STREAM security), not a signature', async () => {
      expect(await keyRequest('POST', '', null)).toMatchObject({ status: 401, body: { code: -2014 } });
      expect(await keyRequest('POST', '', 'someone-else')).toMatchObject({ status: 401, body: { code: -2015 } });
    });

    it('expires 60 minutes (here: the validity set) after the last POST or PUT, pushing listenKeyExpired', async () => {
      await control(fake, 'stream/settings', { listenKeyValidityMs: 400 });
      const { client, listenKey } = await userStream();
      await pause(250);
      await keyRequest('PUT');
      await pause(250);
      expect(client.messages).toEqual([]);
      const expired = await client.next((m) => m.e === 'listenKeyExpired', 2000);
      expect(expired).toEqual({ e: 'listenKeyExpired', E: expect.stringMatching(/^\d{13}$/), listenKey });
      expect((await keyRequest('PUT')).body.code).toBe(-1125);
      // Nothing more on that connection; a connection on the old key is refused.
      await order({ side: 'BUY', type: 'MARKET', quantity: '0.01' });
      await pause(100);
      expect(client.messages).toHaveLength(1);
      await expect(connectStream(`${ws}/ws/${listenKey}`)).rejects.toThrow(/400/);
    });
  });

  describe('user-data events in Binance shapes', () => {
    it('a MARKET order: ORDER_TRADE_UPDATE NEW, ACCOUNT_UPDATE (ORDER), ORDER_TRADE_UPDATE TRADE', async () => {
      const { client } = await userStream('/private/ws/');
      const placed = (await order({ side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: 'tvb-a1' })).body;
      await client.next((m) => m.e === 'ORDER_TRADE_UPDATE' && m.o.x === 'TRADE');
      const [created, account, trade] = client.messages;
      expect(Object.keys(created).sort()).toEqual(['E', 'T', 'e', 'o']);
      expect(Object.keys(trade.o).sort()).toEqual(
        ['s', 'c', 'S', 'o', 'f', 'q', 'p', 'ap', 'sp', 'x', 'X', 'i', 'l', 'z', 'L', 'N', 'n', 'T', 't', 'b', 'a']
          .concat(['m', 'R', 'wt', 'ot', 'ps', 'cp', 'rp', 'pP', 'si', 'ss', 'V', 'pm', 'gtd', 'er'])
          .sort(),
      );
      expect(created.o).toMatchObject({ c: 'tvb-a1', x: 'NEW', X: 'NEW', i: placed.orderId, z: '0.000', S: 'BUY' });
      expect(account).toEqual({
        e: 'ACCOUNT_UPDATE',
        E: expect.any(Number),
        T: expect.any(Number),
        a: {
          m: 'ORDER',
          B: [{ a: 'USDT', wb: expect.stringMatching(/^\d+\.\d{8}$/), cw: expect.any(String), bc: '0.00000000' }],
          P: [
            {
              s: 'BTCUSDT',
              pa: '0.01',
              ep: placed.avgPrice.replace(/\.?0+$/, ''),
              bep: expect.any(String),
              cr: '0.00000000',
              up: expect.any(String),
              mt: 'cross',
              iw: '0.00000000',
              ps: 'BOTH',
              ma: 'USDT',
            },
          ],
        },
      });
      const trades = (await signedRequest(fake, 'GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' })).body;
      expect(trade.o).toMatchObject({
        x: 'TRADE',
        X: 'FILLED',
        l: '0.010',
        z: '0.010',
        N: 'USDT',
        n: trades[0].commission,
        t: trades[0].id,
        rp: '0.00000000',
        ps: 'BOTH',
        R: false,
      });
      // Closing realises PnL: rp on the fill, cr on the position.
      await control(fake, 'price', { symbol: 'BTCUSDT', price: '70000' });
      const from = client.messages.length;
      await order({ side: 'SELL', type: 'MARKET', quantity: '0.01', reduceOnly: 'true' });
      const close = await client.next((m) => m.e === 'ORDER_TRADE_UPDATE' && m.o.x === 'TRADE', 3000, from);
      expect(Number(close.o.rp)).toBeGreaterThan(0);
      const update = client.messages.slice(from).find((m) => m.e === 'ACCOUNT_UPDATE');
      expect(update.a.P[0]).toMatchObject({ pa: '0', cr: close.o.rp });
    });

    it('LIMIT orders: NEW, then CANCELED when cancelled', async () => {
      const { client } = await userStream();
      await order({
        side: 'BUY',
        type: 'LIMIT',
        quantity: '0.01',
        price: '40000',
        timeInForce: 'GTC',
        newClientOrderId: 'l1',
      });
      await signedRequest(fake, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'l1' });
      const canceled = await client.next((m) => m.o?.x === 'CANCELED');
      expect(canceled.o).toMatchObject({ c: 'l1', X: 'CANCELED', o: 'LIMIT', p: '40000.00' });
      expect(client.messages.map((m) => m.o.x)).toEqual(['NEW', 'CANCELED']);
    });

    it('conditional orders: ALGO_UPDATE NEW, TRIGGERING, TRIGGERED, FINISHED around the fill; CANCELED', async () => {
      const { client } = await userStream();
      await order({ side: 'BUY', type: 'MARKET', quantity: '0.01' });
      const algo = (
        await signedRequest(fake, 'POST', '/fapi/v1/algoOrder', {
          algoType: 'CONDITIONAL',
          symbol: 'BTCUSDT',
          side: 'SELL',
          type: 'STOP_MARKET',
          triggerPrice: '45000',
          closePosition: 'true',
          clientAlgoId: 'tvb-sl-1',
        })
      ).body;
      await control(fake, 'price', { symbol: 'BTCUSDT', price: '44000' });
      await client.next((m) => m.e === 'ALGO_UPDATE' && m.o.X === 'FINISHED');
      const algoEvents = client.messages.filter((m) => m.e === 'ALGO_UPDATE');
      expect(algoEvents.map((m) => m.o.X)).toEqual(['NEW', 'TRIGGERING', 'TRIGGERED', 'FINISHED']);
      expect(algoEvents[0]).toEqual({
        e: 'ALGO_UPDATE',
        T: expect.any(Number),
        E: expect.any(Number),
        o: {
          caid: 'tvb-sl-1',
          aid: algo.algoId,
          at: 'CONDITIONAL',
          o: 'STOP_MARKET',
          s: 'BTCUSDT',
          S: 'SELL',
          ps: 'BOTH',
          f: 'GTC',
          q: '0.000',
          X: 'NEW',
          ai: '',
          tp: '45000.00',
          p: '0.00',
          V: 'EXPIRE_MAKER',
          wt: 'CONTRACT_PRICE',
          pm: 'NONE',
          cp: true,
          pP: false,
          R: false,
          tt: 0,
          gtd: 0,
        },
      });
      const finished = algoEvents[3].o;
      expect(finished).toMatchObject({ ai: expect.stringMatching(/^\d+$/), aq: '0.010', act: 'MARKET' });
      const fill = client.messages.find((m) => m.e === 'ORDER_TRADE_UPDATE' && m.o.x === 'TRADE' && m.o.S === 'SELL');
      expect(String(fill.o.i)).toBe(finished.ai);
      // The order reaches the matching engine (TRIGGERED) before it fills; FINISHED after the fill.
      expect(client.messages.indexOf(fill)).toBeGreaterThan(client.messages.indexOf(algoEvents[2]));
      expect(client.messages.indexOf(fill)).toBeLessThan(client.messages.indexOf(algoEvents[3]));

      await signedRequest(fake, 'POST', '/fapi/v1/algoOrder', {
        algoType: 'CONDITIONAL',
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'TAKE_PROFIT_MARKET',
        triggerPrice: '40000',
        quantity: '0.01',
        clientAlgoId: 'tvb-tp-2',
      });
      await signedRequest(fake, 'DELETE', '/fapi/v1/algoOpenOrders', { symbol: 'BTCUSDT' });
      const canceled = await client.next((m) => m.e === 'ALGO_UPDATE' && m.o.X === 'CANCELED');
      expect(canceled.o).toMatchObject({ caid: 'tvb-tp-2', o: 'TAKE_PROFIT_MARKET', q: '0.010' });
    });

    it('ACCOUNT_CONFIG_UPDATE for leverage and Multi-Assets mode; ACCOUNT_UPDATE for margin type', async () => {
      const { client } = await userStream();
      // A position mode change pushes nothing (Binance has no event for it): the leverage's event comes first.
      await signedRequest(fake, 'POST', '/fapi/v1/positionSide/dual', { dualSidePosition: 'true' });
      await signedRequest(fake, 'POST', '/fapi/v1/positionSide/dual', { dualSidePosition: 'false' });
      await signedRequest(fake, 'POST', '/fapi/v1/leverage', { symbol: 'ETHUSDT', leverage: '7' });
      await signedRequest(fake, 'POST', '/fapi/v1/marginType', { symbol: 'ETHUSDT', marginType: 'ISOLATED' });
      await signedRequest(fake, 'POST', '/fapi/v1/marginType', { symbol: 'ETHUSDT', marginType: 'CROSSED' });
      await signedRequest(fake, 'POST', '/fapi/v1/multiAssetsMargin', { multiAssetsMargin: 'true' });
      await client.next((m) => m.ai);
      expect(client.messages[0]).toEqual({
        e: 'ACCOUNT_CONFIG_UPDATE',
        E: expect.any(Number),
        T: expect.any(Number),
        ac: { s: 'ETHUSDT', l: 7 },
      });
      expect(client.messages[1].a).toMatchObject({
        m: 'MARGIN_TYPE_CHANGE',
        B: [],
        P: [{ s: 'ETHUSDT', mt: 'isolated', pa: '0' }],
      });
      expect(client.messages[3]).toEqual({
        e: 'ACCOUNT_CONFIG_UPDATE',
        E: expect.any(Number),
        T: expect.any(Number),
        ai: { j: true },
      });
    });

    it('funding fees, liquidation, ADL and margin calls, in the stream and in trade / income history', async () => {
      const { client } = await userStream();
      await order({ side: 'BUY', type: 'MARKET', quantity: '0.1' });
      const funding = (await control(fake, 'funding', { symbol: 'BTCUSDT', rate: '0.0001' })) as { total: string };
      expect(Number(funding.total)).toBeLessThan(0);
      const fee = await client.next((m) => m.e === 'ACCOUNT_UPDATE' && m.a.m === 'FUNDING_FEE');
      // Cross margin: the balance only.
      expect(fee.a).toEqual({
        m: 'FUNDING_FEE',
        B: [expect.objectContaining({ a: 'USDT', bc: funding.total })],
        P: [],
      });
      await control(fake, 'margin-call', {});
      const call = await client.next((m) => m.e === 'MARGIN_CALL');
      expect(call).toEqual({
        e: 'MARGIN_CALL',
        E: expect.any(Number),
        cw: expect.any(String),
        p: [
          {
            s: 'BTCUSDT',
            ps: 'BOTH',
            pa: '0.1',
            mt: 'CROSSED',
            iw: '0.00000000',
            mp: expect.any(String),
            up: expect.any(String),
            mm: expect.any(String),
          },
        ],
      });
      const liquidation = (await control(fake, 'liquidate', { symbol: 'BTCUSDT' })) as { clientOrderId: string };
      expect(liquidation.clientOrderId).toMatch(/^autoclose-\d+$/);
      const forced = await client.next((m) => m.e === 'ORDER_TRADE_UPDATE' && m.o.x === 'CALCULATED');
      expect(forced.o).toMatchObject({
        c: liquidation.clientOrderId,
        o: 'LIQUIDATION',
        ot: 'LIQUIDATION',
        X: 'FILLED',
        z: '0.100',
        S: 'SELL',
      });
      await order({ side: 'SELL', type: 'MARKET', quantity: '0.01' });
      await control(fake, 'liquidate', { symbol: 'BTCUSDT', adl: true });
      const adl = await client.next((m) => m.o?.c === 'adl_autoclose' && m.o.x === 'TRADE');
      expect(adl.o).toMatchObject({ S: 'BUY', X: 'FILLED' });
      const income = (await signedRequest(fake, 'GET', '/fapi/v1/income', { incomeType: 'FUNDING_FEE' })).body;
      expect(income).toEqual([
        {
          symbol: 'BTCUSDT',
          incomeType: 'FUNDING_FEE',
          income: funding.total,
          asset: 'USDT',
          info: 'FUNDING_FEE',
          time: expect.any(Number),
          tranId: expect.any(Number),
          tradeId: '',
        },
      ]);
      const trades = (await signedRequest(fake, 'GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' })).body;
      expect(trades.map((t: { orderId: number }) => t.orderId)).toContain(forced.o.i);
    });

    it("binance-api-node's own ws client reads them (ALGO_UPDATE passes untransformed)", async () => {
      const client = Binance({
        apiKey: fake.apiKey,
        apiSecret: fake.apiSecret,
        httpFutures: fake.url,
        wsFutures: `${ws}/ws`,
      }) as any;
      const events: any[] = [];
      const close = await client.ws.futuresUser((e: any) => events.push(e));
      const prices: any[] = [];
      const closePrices = client.ws.futuresMarkPrice('BTCUSDT', (p: any) => prices.push(p));
      try {
        await eventually(() => fake.streams.stats().connections.length === 2, 3000, 'both connections');
        await order({ side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: 'lib-1' });
        await signedRequest(fake, 'POST', '/fapi/v1/algoOrder', {
          algoType: 'CONDITIONAL',
          symbol: 'BTCUSDT',
          side: 'SELL',
          type: 'STOP_MARKET',
          triggerPrice: '45000',
          quantity: '0.01',
          reduceOnly: 'true',
        });
        await control(fake, 'price', { symbol: 'BTCUSDT', price: '65432.1' });
        const moved = (p: any) => p.markPrice === '65432.1';
        // The mark price comes on the stream's own tick (every 1 or 3 seconds).
        await eventually(() => events.some((e) => e.type === 'ALGO_UPDATE') && prices.some(moved), 4500, 'events');
        expect(events.find((e) => e.eventType === 'ORDER_TRADE_UPDATE' && e.executionType === 'TRADE')).toMatchObject({
          clientOrderId: 'lib-1',
          orderStatus: 'FILLED',
          lastTradeQuantity: '0.010',
          commissionAsset: 'USDT',
        });
        expect(events.find((e) => e.eventType === 'ACCOUNT_UPDATE')).toMatchObject({
          eventReasonType: 'ORDER',
          positions: [expect.objectContaining({ symbol: 'BTCUSDT', positionAmount: '0.01', marginType: 'cross' })],
        });
        expect(events.find((e) => e.type === 'ALGO_UPDATE')).toMatchObject({
          o: expect.objectContaining({ X: 'NEW', o: 'STOP_MARKET' }),
        });
        expect(prices.find(moved)).toMatchObject({
          eventType: 'markPriceUpdate',
          symbol: 'BTCUSDT',
          markPrice: '65432.1',
          fundingRate: '0.00010000',
        });
      } finally {
        closePrices();
        await close();
      }
    });
  });

  describe('market streams', () => {
    it('serve <symbol>@markPrice[@1s] raw, combined and by live SUBSCRIBE', async () => {
      const raw = await connectStream(`${ws}/market/ws/ethusdt@markPrice@1s`);
      const combined = await connectStream(`${ws}/stream?streams=ethusdt@markPrice/btcusdt@markPrice`);
      const live = await connectStream(`${ws}/market/ws`);
      clients.push(raw, combined, live);
      live.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['ethusdt@markPrice@1s'], id: 7 }));
      await live.next((m) => m.id === 7);
      expect(live.messages[0]).toEqual({ result: null, id: 7 });
      await control(fake, 'price', { symbol: 'ETHUSDT', price: '3100.5' });
      const from = raw.messages.length;
      const update = await raw.next((m) => m.e === 'markPriceUpdate', 2500, from);
      expect(update).toEqual({
        e: 'markPriceUpdate',
        E: expect.any(Number),
        s: 'ETHUSDT',
        p: '3100.5',
        ap: '3100.5',
        i: '3100.5',
        P: '3100.5',
        r: '0.00010000',
        T: expect.any(Number),
      });
      // Each stream on its own tick: the @1s ones every second, the plain ones every 3 seconds.
      const tick = (m: StreamMessage) => m.stream === 'ethusdt@markPrice' && m.data.p === '3100.5';
      expect(await combined.next(tick, 4500)).toEqual({
        stream: 'ethusdt@markPrice',
        data: { ...update, E: expect.any(Number), T: expect.any(Number) },
      });
      expect(await live.next((m) => m.e === 'markPriceUpdate' && m.p === '3100.5')).toEqual({
        ...update,
        E: expect.any(Number),
        T: expect.any(Number),
      });
      // Pushed on the cadence whatever the price does: more ticks come without a price change.
      const ticks = raw.messages.length;
      await raw.next((m) => m.e === 'markPriceUpdate' && m.p === '3100.5', 2500, ticks);
      live.socket.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 8 }));
      expect(await live.next((m) => m.id === 8)).toEqual({ result: ['ethusdt@markPrice@1s'], id: 8 });
      await expect(connectStream(`${ws}/ws/nosuchstream`)).rejects.toThrow(/400/);
    });

    it("keep Binance's limits: 1024 streams on a connection, 10 incoming messages a second", async () => {
      const names = Array.from({ length: 1025 }, () => 'x@markPrice');
      await expect(connectStream(`${ws}/stream?streams=${names.join('/')}`)).rejects.toThrow(/400/);
      const live = await connectStream(`${ws}/market/ws`);
      clients.push(live);
      live.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: names.map((_, i) => `s${i}@markPrice`), id: 1 }));
      expect(await live.next((m) => m.id === 1)).toMatchObject({ error: { code: 2 } });
      // Ten messages within the second are answered; the eleventh closes the connection.
      for (let id = 2; id <= 11; id++) live.socket.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }));
      await live.closed;
      expect(live.messages.filter((m) => m.result).map((m) => m.id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });
  });

  describe('faults', () => {
    it('delay: every message arrives late, in order', async () => {
      const { client } = await userStream();
      await control(fake, 'stream/delay', { ms: 300 });
      const sentAt = Date.now();
      await signedRequest(fake, 'POST', '/fapi/v1/leverage', { symbol: 'BTCUSDT', leverage: '3' });
      await signedRequest(fake, 'POST', '/fapi/v1/leverage', { symbol: 'BTCUSDT', leverage: '4' });
      await client.next((m) => m.ac?.l === 4, 2000);
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(290);
      expect(client.messages.map((m) => m.ac.l)).toEqual([3, 4]);
    });

    it('drop: the next events (of a type) are lost', async () => {
      const { client } = await userStream();
      await control(fake, 'stream/drop', { count: 1, event: 'ACCOUNT_UPDATE' });
      await order({ side: 'BUY', type: 'MARKET', quantity: '0.01' });
      await client.next((m) => m.o?.x === 'TRADE');
      expect(client.messages.map((m) => m.e)).toEqual(['ORDER_TRADE_UPDATE', 'ORDER_TRADE_UPDATE']);
      expect((await control(fake, 'stream')) as object).toMatchObject({ dropped: 1 });
    });

    it('cut: every connection closes; the key stays valid for a new one', async () => {
      const { client, listenKey } = await userStream();
      expect(await control(fake, 'stream/cut', {})).toEqual({ ok: true, closed: 1 });
      await client.closed;
      const again = await connectStream(`${ws}/ws/${listenKey}`);
      clients.push(again);
      await signedRequest(fake, 'POST', '/fapi/v1/leverage', { symbol: 'BTCUSDT', leverage: '9' });
      expect((await again.next((m) => m.ac)).ac).toEqual({ s: 'BTCUSDT', l: 9 });
    });

    it("cut with an apiKey: that account's user-data connections alone close", async () => {
      await control(fake, 'accounts', { apiKey: 'cut-other-key', apiSecret: 'cut-other-secret' });
      const { client } = await userStream();
      const otherKey = (await keyRequest('POST', '', 'cut-other-key')).body.listenKey as string;
      const other = await connectStream(`${ws}/ws/${otherKey}`);
      clients.push(other);
      expect(await control(fake, 'stream/cut', { apiKey: 'cut-other-key' })).toEqual({ ok: true, closed: 1 });
      await other.closed;
      await signedRequest(fake, 'POST', '/fapi/v1/leverage', { symbol: 'BTCUSDT', leverage: '7' });
      expect((await client.next((m) => m.ac)).ac).toEqual({ s: 'BTCUSDT', l: 7 });
    });

    it('expire-listen-key: listenKeyExpired, silence, -1125, and a new key from POST', async () => {
      const { client, listenKey } = await userStream();
      expect(await control(fake, 'stream/expire-listen-key', {})).toEqual({ ok: true, expired: true });
      await client.next((m) => m.e === 'listenKeyExpired');
      await signedRequest(fake, 'POST', '/fapi/v1/leverage', { symbol: 'BTCUSDT', leverage: '9' });
      await pause(100);
      expect(client.messages).toHaveLength(1);
      expect((await keyRequest('PUT')).body.code).toBe(-1125);
      expect((await keyRequest('POST')).body.listenKey).not.toBe(listenKey);
    });

    it('connection lifetime: Binance closes a connection at the 24-hour mark (here: the lifetime set)', async () => {
      await control(fake, 'stream/settings', { connectionLifetimeMs: 200 });
      const { client } = await userStream();
      await client.closed;
      expect(client.socket.readyState).toBe(client.socket.CLOSED);
    });
  });
});
