/**
 * Conditional orders (stop loss, take profit, trailing stop) live in Binance's
 * Algo Order service: GET /fapi/v1/openOrders does not list them. A close or a
 * reversal must still cancel them (and say so, and record it), or a stop left
 * armed later opens or cuts a position. The stops are placed the way a trader's
 * own tool would: binance-api-node's futuresOrder, straight on the fake.
 */
import Binance from 'binance-api-node';
import { control } from '../support/exchange-harness';
import { positionsOf } from '../support/fake-state';
import { signalRow } from '../support/records';
import { signedRequest } from '../support/signed-request';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';

type Client = {
  futuresOrder(payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  futuresOpenOrders(payload: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  futuresGetOrder(payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  futuresCancelOrder(payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  futuresCancelAllOpenOrders(payload: Record<string, unknown>): Promise<Record<string, unknown>>;
};

describe('conditional orders (Binance Algo Order service)', () => {
  let t: TradingTestApp;
  let client: Client;
  beforeAll(async () => {
    t = await createTradingApp({}, 'algo');
    client = Binance({
      apiKey: t.fake.apiKey,
      apiSecret: t.fake.apiSecret,
      httpFutures: t.fake.url,
    }) as unknown as Client;
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  const send = (body: unknown) => t.http.post(ADVANCED).send(body as object);
  const openAlgo = () => client.futuresOpenOrders({ symbol: 'BTCUSDT', conditional: true });
  // Algo ids are 16 digits: binance-api-node (json-bigint) hands them over as BigNumbers, the service answers strings.
  const id = (order: Record<string, unknown>) => String(order.algoId);
  const ids = (orders: Array<Record<string, unknown>>) => orders.map(id);

  it('keeps conditional orders in the algo book, apart from openOrders; /fapi/v1/order refuses them', async () => {
    const stop = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '45000',
      closePosition: 'true',
      workingType: 'MARK_PRICE',
    });
    expect(stop).toMatchObject({
      algoType: 'CONDITIONAL',
      orderType: 'STOP_MARKET',
      symbol: 'BTCUSDT',
      side: 'SELL',
      positionSide: 'BOTH',
      algoStatus: 'NEW',
      triggerPrice: '45000.00',
      closePosition: true,
      reduceOnly: false,
      workingType: 'MARK_PRICE',
    });
    expect(String(stop.clientAlgoId)).toMatch(/^x-cvBPrNm9/);
    expect(await client.futuresOpenOrders({ symbol: 'BTCUSDT' })).toEqual([]);
    expect(ids(await openAlgo())).toEqual([id(stop)]);
    expect(await client.futuresGetOrder({ symbol: 'BTCUSDT', algoId: stop.algoId })).toMatchObject({
      algoStatus: 'NEW',
    });

    const direct = await signedRequest(t.fake, 'POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '45000',
      quantity: '0.01',
    });
    expect(direct).toMatchObject({
      status: 400,
      body: {
        code: -4120,
        msg: 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.',
      },
    });

    const cancelled = await client.futuresCancelOrder({ symbol: 'BTCUSDT', algoId: stop.algoId });
    expect({ ...cancelled, algoId: id(cancelled) }).toEqual({
      algoId: id(stop),
      clientAlgoId: stop.clientAlgoId,
      code: '200',
      msg: 'success',
    });
    expect(await openAlgo()).toEqual([]);
    await expect(client.futuresCancelOrder({ symbol: 'BTCUSDT', algoId: stop.algoId })).rejects.toMatchObject({
      code: -2011,
    });
  });

  it('refuses what Binance refuses: trigger already crossed (-2021), closePosition with quantity (-1106)', async () => {
    await expect(
      client.futuresOrder({
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'STOP_MARKET',
        stopPrice: '51000',
        quantity: '0.01',
      }),
    ).rejects.toMatchObject({ code: -2021 });
    await expect(
      client.futuresOrder({
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'STOP_MARKET',
        stopPrice: '45000',
        quantity: '0.01',
        closePosition: 'true',
      }),
    ).rejects.toMatchObject({ code: -1106 });
    await expect(
      client.futuresOrder({
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'TRAILING_STOP_MARKET',
        quantity: '0.01',
        callbackRate: '11',
      }),
    ).rejects.toMatchObject({ code: -4071 });
  });

  it('close cancels the stop loss the trader placed, reports its id and records it', async () => {
    await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
    const stop = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '45000',
      closePosition: 'true',
    });
    const takeProfit = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'TAKE_PROFIT_MARKET',
      stopPrice: '60000',
      quantity: '0.01',
      reduceOnly: 'true',
    });

    const res = await send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    expect(res.body).toMatchObject({
      success: true,
      cancelled_orders: [],
      cancelled_algo_orders: [id(stop), id(takeProfit)],
    });
    expect(await openAlgo()).toEqual([]);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    const row = await signalRow(t.db.url, res.body.id);
    expect(row.status).toBe('EXECUTED');
    expect(row.cancelledOrders).toEqual([
      expect.objectContaining({
        kind: 'conditional',
        orderId: id(stop),
        clientOrderId: stop.clientAlgoId,
        type: 'STOP_MARKET',
        side: 'SELL',
        price: '45000',
        closePosition: true,
      }),
      expect.objectContaining({
        kind: 'conditional',
        orderId: id(takeProfit),
        type: 'TAKE_PROFIT_MARKET',
        quantity: '0.01',
        price: '60000',
      }),
    ]);
    const detail = await t.http
      .get(`/api/admin/signals/${res.body.id}`)
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(200);
    expect(detail.body.cancelled_orders).toHaveLength(2);
  });

  it('close with no position still cancels a symbol’s armed conditional order', async () => {
    const stop = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'STOP_MARKET',
      stopPrice: '55000',
      quantity: '0.01',
    });
    const res = await send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    expect(res.body).toMatchObject({ message: 'All positions closed for BTCUSDT', cancelled_algo_orders: [id(stop)] });
    expect(await openAlgo()).toEqual([]);
    // The price later crossing 55000 opens nothing.
    await control(t.fake, 'price', { symbol: 'BTCUSDT', price: '56000' });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });

  it('a reversal cancels the closed position’s stop loss, reports and records it', async () => {
    await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
    const stop = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '45000',
      closePosition: 'true',
    });
    const other = await client.futuresOrder({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '2000',
      quantity: '1',
    });

    const res = await send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 }).expect(200);
    expect(res.body.trade).toMatchObject({ action: 'sell', cancelled_algo_orders: [id(stop)] });
    expect(await openAlgo()).toEqual([]);
    // Other symbols' conditional orders are left alone.
    expect(ids(await client.futuresOpenOrders({ symbol: 'ETHUSDT', conditional: true }))).toEqual([id(other)]);
    expect(positionsOf(t.fake, 'BTCUSDT')[0][1]).toMatch(/^-/);
    const row = await signalRow(t.db.url, res.body.id);
    expect(row.cancelledOrders).toEqual([expect.objectContaining({ kind: 'conditional', orderId: id(stop) })]);
  });

  it('an open with no opposite position leaves the conditional orders alone', async () => {
    const stop = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '45000',
      closePosition: 'true',
    });
    const res = await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
    expect(res.body.trade.cancelled_algo_orders).toBeUndefined();
    expect(ids(await openAlgo())).toEqual([id(stop)]);
  });

  it('a triggered closePosition stop closes the whole long with a reduce-only MARKET order', async () => {
    await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
    const stop = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '49000',
      closePosition: 'true',
    });
    expect(await control(t.fake, 'price', { symbol: 'BTCUSDT', price: '49500' })).toEqual({
      ok: true,
      triggeredAlgoIds: [],
    });
    expect(await control(t.fake, 'price', { symbol: 'BTCUSDT', price: '48900' })).toEqual({
      ok: true,
      triggeredAlgoIds: [Number(id(stop))],
    });

    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    const after = await client.futuresGetOrder({ symbol: 'BTCUSDT', algoId: stop.algoId });
    expect(after).toMatchObject({ algoStatus: 'FINISHED', actualPrice: '48900.00000' });
    expect(Number(after.triggerTime)).toBeGreaterThan(0);
    const placed = await client.futuresGetOrder({ symbol: 'BTCUSDT', orderId: after.actualOrderId });
    expect(placed).toMatchObject({
      type: 'MARKET',
      side: 'SELL',
      status: 'FILLED',
      reduceOnly: true,
      executedQty: '0.100',
    });
    expect(await openAlgo()).toEqual([]);
  });

  it('a triggered reduce-only stop never opens the other way; without reduce-only it does', async () => {
    await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200); // 0.1 BTC long
    const reduce = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '49000',
      quantity: '0.3',
      reduceOnly: 'true',
    });
    const plain = await client.futuresOrder({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '2400',
      quantity: '1',
    });
    await control(t.fake, 'price', { symbol: 'BTCUSDT', price: '48000' });
    // Reduce-only: only the 0.1 held is sold, nothing is opened short.
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(await client.futuresGetOrder({ symbol: 'BTCUSDT', algoId: reduce.algoId })).toMatchObject({
      algoStatus: 'FINISHED',
    });
    await control(t.fake, 'price', { symbol: 'ETHUSDT', price: '2390' });
    expect(positionsOf(t.fake, 'ETHUSDT')).toEqual([['BOTH', '-1.000']]);
    expect(await client.futuresGetOrder({ symbol: 'ETHUSDT', algoId: plain.algoId })).toMatchObject({
      algoStatus: 'FINISHED',
    });

    // Nothing left to reduce: the triggered reduce-only order is refused by the matching engine.
    const orphan = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'TAKE_PROFIT_MARKET',
      stopPrice: '50000',
      quantity: '0.01',
      reduceOnly: 'true',
    });
    await control(t.fake, 'price', { symbol: 'BTCUSDT', price: '50100' });
    expect(await client.futuresGetOrder({ symbol: 'BTCUSDT', algoId: orphan.algoId })).toMatchObject({
      algoStatus: 'REJECTED',
      actualOrderId: '',
    });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });

  it('a trailing stop tracks the highest price since activation and triggers on the callback', async () => {
    await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
    const trail = await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'TRAILING_STOP_MARKET',
      quantity: '0.1',
      reduceOnly: 'true',
      activatePrice: '51000',
      callbackRate: '1',
    });
    expect(trail).toMatchObject({ orderType: 'TRAILING_STOP_MARKET', activatePrice: '51000.00', callbackRate: '1' });
    const move = async (price: string) =>
      (await control(t.fake, 'price', { symbol: 'BTCUSDT', price })) as { triggeredAlgoIds: number[] };
    expect((await move('50400')).triggeredAlgoIds).toEqual([]); // highest 50400: not activated yet
    expect((await move('52000')).triggeredAlgoIds).toEqual([]); // activated, highest 52000
    expect((await move('51600')).triggeredAlgoIds).toEqual([]); // above 52000 × 0.99 = 51480
    expect((await move('53000')).triggeredAlgoIds).toEqual([]); // new highest 53000
    expect((await move('52470')).triggeredAlgoIds).toEqual([Number(id(trail))]); // 53000 × 0.99
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });

  it('cancels all of a symbol through DELETE /fapi/v1/algoOpenOrders (conditional: true)', async () => {
    await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '45000',
      quantity: '0.01',
    });
    await client.futuresOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'STOP',
      stopPrice: '55000',
      price: '55100',
      quantity: '0.01',
    });
    expect(await openAlgo()).toHaveLength(2);
    expect(await client.futuresCancelAllOpenOrders({ symbol: 'BTCUSDT', conditional: true })).toEqual({
      code: 200,
      msg: 'The operation of cancel all open order is done.',
    });
    expect(await openAlgo()).toEqual([]);
    expect(t.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['DELETE /fapi/v1/algoOpenOrders', 'GET /fapi/v1/openAlgoOrders']),
    );
  });
});
