/**
 * One contract, two adapters: everything the trading code relies on behaves
 * the same on Binance (binance-api-node → fake server over HTTP) and on the
 * paper exchange.
 */
import Decimal from 'decimal.js';
import { ExchangeError } from '../../src/exchange/exchange-error';
import { ConditionalOrderRequest, ExchangePort, OrderRequest } from '../../src/exchange/exchange.port';
import { binanceHarness, ExchangeHarness, paperHarness } from '../support/exchange-harness';

let seq = 0;
const order = (o: Partial<OrderRequest> & Pick<OrderRequest, 'side'>): OrderRequest => ({
  symbol: 'BTCUSDT',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity: new Decimal('0.05'),
  clientOrderId: `contract-${++seq}`,
  ...o,
});

async function rejection(promise: Promise<unknown>): Promise<ExchangeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ExchangeError);
    return error as ExchangeError;
  }
  throw new Error('expected the exchange to reject');
}

describe.each([
  ['binance', binanceHarness],
  ['paper', paperHarness],
] as const)('exchange contract: %s', (_name, makeHarness) => {
  let h: ExchangeHarness;
  let ex: ExchangePort;
  beforeAll(async () => {
    h = await makeHarness();
    ex = h.exchange;
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('knows the symbol rules from exchangeInfo', async () => {
    const btc = await ex.symbolRules('BTCUSDT');
    expect(btc).toMatchObject({
      status: 'TRADING',
      contractType: 'PERPETUAL',
      quantityPrecision: 3,
      pricePrecision: 2,
    });
    expect(btc!.marketStepSize.toString()).toBe('0.001');
    expect(btc!.marketMaxQty.toString()).toBe('120');
    expect(btc!.lotMaxQty.toString()).toBe('1000');
    expect(btc!.minNotional.toString()).toBe('100');
    expect(btc!.tickSize.toString()).toBe('0.1');
    expect(await ex.symbolRules('NOPEUSDT')).toBeUndefined();
    const symbols = (await ex.allSymbolRules()).map((r) => r.symbol);
    expect(symbols).toEqual(
      expect.arrayContaining(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT', '1000PEPEUSDT']),
    );
  });

  it('reads the USDT balance and the price as decimals', async () => {
    const balance = await ex.usdtBalance();
    expect(balance.wallet.toString()).toBe('10000');
    expect(balance.available.toString()).toBe('10000');
    h.engine.setPrice('ETHUSDT', '2512.37');
    const quote = await ex.price('ETHUSDT');
    expect(quote.price.toString()).toBe('2512.37');
    expect(await ex.serverTime()).toBeGreaterThan(1_600_000_000_000);
  });

  it('opens, reads and closes a one-way position with reduce-only', async () => {
    expect(await ex.positionMode()).toBe('one-way');
    const filled = await ex.placeOrder(order({ side: 'BUY' }));
    expect(filled).toMatchObject({ status: 'FILLED', side: 'BUY', positionSide: 'BOTH', symbol: 'BTCUSDT' });
    expect(filled.executedQty.toString()).toBe('0.05');
    expect(filled.avgPrice.toString()).toBe('50000');
    h.engine.setPrice('BTCUSDT', '51000');
    const held = await ex.positions('BTCUSDT');
    expect(held.positions).toHaveLength(1);
    expect(held.positions[0]).toMatchObject({ direction: 'LONG', positionSide: 'BOTH' });
    expect(held.positions[0].quantity.toString()).toBe('0.05');
    expect(held.positions[0].entryPrice.toString()).toBe('50000');
    expect(held.positions[0].unrealizedPnl.toString()).toBe('50');
    const closed = await ex.placeOrder(order({ side: 'SELL', reduceOnly: true }));
    expect(closed.reduceOnly).toBe(true);
    expect((await ex.positions('BTCUSDT')).positions).toHaveLength(0);
    // 50 profit, minus Binance's default 0.05% taker fees on 2500 and 2550 notional
    expect((await ex.usdtBalance()).wallet.toString()).toBe('10047.475');
  });

  it("reads every symbol's positions, leverage and margin type at once", async () => {
    await ex.setLeverage('ETHUSDT', 7);
    await ex.placeOrder(order({ side: 'SELL', quantity: new Decimal('0.02') }));
    const all = await ex.allSymbolPositions();
    const btc = all.find((s) => s.symbol === 'BTCUSDT')!;
    expect(btc.positions).toHaveLength(1);
    expect(btc.positions[0]).toMatchObject({ direction: 'SHORT', positionSide: 'BOTH' });
    expect(btc.positions[0].quantity.toString()).toBe('0.02');
    expect(all.find((s) => s.symbol === 'ETHUSDT')).toMatchObject({ leverage: 7, positions: [], mode: 'one-way' });
    expect(new Set(all.map((s) => s.symbol)).size).toBe(all.length);
  });

  it('rejects a reduce-only order with nothing to reduce (-2022)', async () => {
    const error = await rejection(ex.placeOrder(order({ side: 'SELL', reduceOnly: true })));
    expect(error).toMatchObject({ code: -2022, kind: 'rejected' });
  });

  it('trades both sides in hedge mode and rejects a mismatched position side (-4061)', async () => {
    await ex.setPositionMode('hedge');
    expect(await ex.positionMode()).toBe('hedge');
    expect((await rejection(ex.placeOrder(order({ side: 'BUY' })))).code).toBe(-4061);
    await ex.placeOrder(order({ side: 'BUY', positionSide: 'LONG' }));
    await ex.placeOrder(order({ side: 'SELL', positionSide: 'SHORT', quantity: new Decimal('0.02') }));
    const both = await ex.positions('BTCUSDT');
    expect(both.positions.map((p) => [p.direction, p.positionSide, p.quantity.toString()]).sort()).toEqual([
      ['LONG', 'LONG', '0.05'],
      ['SHORT', 'SHORT', '0.02'],
    ]);
    await ex.placeOrder(order({ side: 'BUY', positionSide: 'SHORT', quantity: new Decimal('0.02') }));
    expect((await ex.positions('BTCUSDT')).positions.map((p) => p.direction)).toEqual(['LONG']);
    h.reset();
    expect(await ex.positionMode()).toBe('one-way');
    expect((await rejection(ex.placeOrder(order({ side: 'BUY', positionSide: 'LONG' })))).code).toBe(-4061);
  });

  it('sets leverage within the symbol maximum and refuses beyond it (-4028)', async () => {
    const result = await ex.setLeverage('BTCUSDT', 10);
    expect(result.leverage).toBe(10);
    expect(result.maxNotionalValue.gt(0)).toBe(true);
    expect((await ex.positions('BTCUSDT')).leverage).toBe(10);
    expect((await rejection(ex.setLeverage('BTCUSDT', 126))).code).toBe(-4028);
    expect((await rejection(ex.setLeverage('DOGEUSDT', 100))).code).toBe(-4028);
  });

  it('sets the margin type, "no need to change" (-4046) is success, refused with a position open (-4048)', async () => {
    await ex.setMarginType('ETHUSDT', 'ISOLATED');
    expect((await ex.positions('ETHUSDT')).marginType).toBe('ISOLATED');
    await expect(ex.setMarginType('ETHUSDT', 'ISOLATED')).resolves.toBeUndefined();
    await ex.placeOrder(order({ symbol: 'ETHUSDT', side: 'SELL', quantity: new Decimal('1') }));
    const error = await rejection(ex.setMarginType('ETHUSDT', 'CROSSED'));
    expect(error).toMatchObject({ code: -4048, kind: 'rejected' });
    expect(error.suggestions.length).toBeGreaterThan(0);
  });

  it('places a batch with per-order results', async () => {
    // The third item's answer depends on running after the others: fix the order (Binance guarantees none).
    h.engine.batchOrder.set({ mode: 'as-sent' });
    await ex.placeOrder(order({ side: 'SELL', quantity: new Decimal('0.03') }));
    const results = await ex.placeBatchOrders([
      order({ side: 'BUY', quantity: new Decimal('0.03'), reduceOnly: true }),
      order({ side: 'BUY', quantity: new Decimal('0.03'), reduceOnly: true }),
      order({ side: 'BUY', quantity: new Decimal('0.001') }),
    ]);
    // Binance runs a batch's items in no guaranteed order: either reduce-only
    // order may be the one that finds the position; answers stay in list order.
    const [first, second] = results;
    const filled = [first, second].filter((r) => !(r instanceof ExchangeError));
    expect(filled).toHaveLength(1);
    expect(filled[0]).toMatchObject({ status: 'FILLED' });
    expect(([first, second].find((r) => r instanceof ExchangeError) as ExchangeError).code).toBe(-2022);
    expect((results[2] as ExchangeError).code).toBe(-4164);
  });

  it('rests LIMIT orders and cancels all of a symbol', async () => {
    await ex.placeOrder(
      order({ side: 'BUY', type: 'LIMIT', price: new Decimal('40000'), quantity: new Decimal('0.01') }),
    );
    await ex.placeOrder(
      order({ side: 'SELL', type: 'LIMIT', price: new Decimal('60000'), quantity: new Decimal('0.01') }),
    );
    await ex.placeOrder(
      order({
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'LIMIT',
        price: new Decimal('2000'),
        quantity: new Decimal('0.01'),
      }),
    );
    expect(await ex.openOrders('BTCUSDT')).toHaveLength(2);
    expect((await ex.allOpenOrders()).map((o) => o.symbol).sort()).toEqual(['BTCUSDT', 'BTCUSDT', 'ETHUSDT']);
    await ex.cancelAllOpenOrders('BTCUSDT');
    expect(await ex.openOrders('BTCUSDT')).toHaveLength(0);
    expect(await ex.openOrders('ETHUSDT')).toHaveLength(1);
  });

  const stopLoss = (o: Partial<ConditionalOrderRequest>): ConditionalOrderRequest => ({
    symbol: 'BTCUSDT',
    side: 'SELL',
    positionSide: 'BOTH',
    type: 'STOP_MARKET',
    clientAlgoId: `contract-algo-${++seq}`,
    ...o,
  });

  it('places conditional orders, lists them apart from openOrders, cancels those of a symbol', async () => {
    const stop = await ex.placeConditionalOrder(
      stopLoss({ closePosition: true, triggerPrice: new Decimal('45000'), clientAlgoId: 'contract-sl-1' }),
    );
    expect(stop).toMatchObject({ symbol: 'BTCUSDT', clientAlgoId: 'contract-sl-1', type: 'STOP_MARKET' });
    expect(stop.status).toBe('NEW');
    expect(stop).toMatchObject({ side: 'SELL', closePosition: true, reduceOnly: false });
    expect(stop.algoId).toMatch(/^\d{16}$/);
    expect(stop.triggerPrice.toString()).toBe('45000');
    const tp = await ex.placeConditionalOrder(
      stopLoss({
        type: 'TAKE_PROFIT_MARKET',
        quantity: new Decimal('0.01'),
        reduceOnly: true,
        triggerPrice: new Decimal('60000'),
        clientAlgoId: 'contract-tp-1',
      }),
    );
    expect(tp).toMatchObject({ reduceOnly: true, closePosition: false });
    expect(tp.quantity.toString()).toBe('0.01');
    await ex.placeConditionalOrder(
      stopLoss({
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'TRAILING_STOP_MARKET',
        quantity: new Decimal('1'),
        callbackRate: new Decimal('1.5'),
      }),
    );

    expect(await ex.openOrders('BTCUSDT')).toEqual([]);
    const open = await ex.openConditionalOrders('BTCUSDT');
    expect(open.map((o) => o.clientAlgoId)).toEqual(['contract-sl-1', 'contract-tp-1']);
    expect((await ex.allOpenConditionalOrders()).map((o) => o.symbol).sort()).toEqual([
      'BTCUSDT',
      'BTCUSDT',
      'ETHUSDT',
    ]);
    await ex.cancelAllConditionalOrders('BTCUSDT');
    expect(await ex.openConditionalOrders('BTCUSDT')).toEqual([]);
    expect(await ex.openConditionalOrders('ETHUSDT')).toHaveLength(1);
  });

  it('refuses a conditional order that triggers at once (-2021) or reuses an open clientAlgoId (-4116)', async () => {
    const stop = stopLoss({ quantity: new Decimal('0.01'), clientAlgoId: 'contract-dup' });
    const refused = (trigger: string) =>
      rejection(ex.placeConditionalOrder({ ...stop, triggerPrice: new Decimal(trigger) }));
    expect((await refused('50000')).code).toBe(-2021);
    await ex.placeConditionalOrder({ ...stop, triggerPrice: new Decimal('45000') });
    expect((await refused('44000')).code).toBe(-4116);
  });

  it('triggers a stop when the price crosses it, closing the position (paper: as the paper price moves)', async () => {
    await ex.placeOrder(order({ side: 'BUY' }));
    await ex.placeConditionalOrder(stopLoss({ closePosition: true, triggerPrice: new Decimal('49000') }));
    if (h.name === 'paper') await ex.price('BTCUSDT', new Decimal('48500'));
    else h.engine.setPrice('BTCUSDT', '48500');
    expect((await ex.positions('BTCUSDT')).positions).toEqual([]);
    expect(await ex.openConditionalOrders('BTCUSDT')).toEqual([]);
  });

  it('finds an order by client order id, and reports none for an unknown id', async () => {
    const placed = await ex.placeOrder(order({ side: 'BUY', clientOrderId: 'tvb-lookup-1' }));
    const found = await ex.findOrder('BTCUSDT', 'tvb-lookup-1');
    expect(found).toMatchObject({ orderId: placed.orderId, clientOrderId: 'tvb-lookup-1', status: 'FILLED' });
    expect(await ex.findOrder('BTCUSDT', 'tvb-never-sent')).toBeUndefined();
  });

  it('refuses a client order id of a resting order (-4116), and accepts a filled one again', async () => {
    // Binance keeps client order ids unique among OPEN orders only: a filled MARKET order's id fills again.
    const resting = { type: 'LIMIT', price: new Decimal('40000'), quantity: new Decimal('0.01') } as const;
    await ex.placeOrder(order({ side: 'BUY', ...resting, clientOrderId: 'tvb-dup-rest' }));
    expect((await rejection(ex.placeOrder(order({ side: 'BUY', clientOrderId: 'tvb-dup-rest' })))).code).toBe(-4116);
    await ex.placeOrder(order({ side: 'BUY', clientOrderId: 'tvb-dup-1' }));
    const again = await ex.placeOrder(order({ side: 'BUY', clientOrderId: 'tvb-dup-1' }));
    expect(again).toMatchObject({ clientOrderId: 'tvb-dup-1', status: 'FILLED' });
    expect((await ex.positions('BTCUSDT')).positions[0].quantity.toString()).toBe('0.1');
  });

  it('enforces the exchange filters and margin', async () => {
    expect((await rejection(ex.placeOrder(order({ side: 'BUY', quantity: new Decimal('0.0005') })))).code).toBe(-1111);
    expect((await rejection(ex.placeOrder(order({ side: 'BUY', quantity: new Decimal('0.001') })))).code).toBe(-4164);
    expect((await rejection(ex.placeOrder(order({ side: 'BUY', quantity: new Decimal('121') })))).code).toBe(-4005);
    await ex.setLeverage('BTCUSDT', 2);
    expect((await rejection(ex.placeOrder(order({ side: 'BUY', quantity: new Decimal('1') })))).code).toBe(-2019);
    expect(
      (await rejection(ex.placeOrder(order({ symbol: 'LUNAUSDT', side: 'BUY', quantity: new Decimal('100') })))).code,
    ).toBe(-4140);
    expect((await rejection(ex.price('NOPEUSDT'))).code).toBe(-1121);
  });

  it('refuses a MARKET order above the market lot maximum, reduce-only included (-4005)', async () => {
    h.engine.wallet = new Decimal('100000000');
    await ex.setLeverage('BTCUSDT', 20);
    for (let i = 0; i < 2; i++) await ex.placeOrder(order({ side: 'BUY', quantity: new Decimal('100') }));
    expect((await ex.positions('BTCUSDT')).positions[0].quantity.toString()).toBe('200');
    const whole = order({ side: 'SELL', quantity: new Decimal('200'), reduceOnly: true });
    expect((await rejection(ex.placeOrder(whole))).code).toBe(-4005);
    await ex.placeOrder(order({ side: 'SELL', quantity: new Decimal('120'), reduceOnly: true }));
    await ex.placeOrder(order({ side: 'SELL', quantity: new Decimal('80'), reduceOnly: true }));
    expect((await ex.positions('BTCUSDT')).positions).toEqual([]);
  });

  it('margin-checks every batch item against the account as it was before the batch', async () => {
    await ex.setPositionMode('hedge');
    await ex.setLeverage('BTCUSDT', 10);
    await ex.placeOrder(order({ side: 'SELL', positionSide: 'SHORT', quantity: new Decimal('1.5') }));
    // The short holds 7500 of 10000: a 1.5 BTC long needs 7500 more, which only the close would free.
    const [close, open] = await ex.placeBatchOrders([
      order({ side: 'BUY', positionSide: 'SHORT', quantity: new Decimal('1.5') }),
      order({ side: 'BUY', positionSide: 'LONG', quantity: new Decimal('1.5') }),
    ]);
    expect(close).toMatchObject({ status: 'FILLED' });
    expect((open as ExchangeError).code).toBe(-2019);
    expect((await ex.positions('BTCUSDT')).positions).toEqual([]);
  });

  it('reads Multi-Assets mode; ISOLATED is refused in it (-4168)', async () => {
    expect(await ex.multiAssetsMode()).toBe(false);
    h.engine.multiAssetsMargin = true;
    expect(await ex.multiAssetsMode()).toBe(true);
    expect(await rejection(ex.setMarginType('BTCUSDT', 'ISOLATED'))).toMatchObject({ code: -4168, kind: 'rejected' });
  });

  it('refuses lowering the leverage of an open isolated position (-4161)', async () => {
    await ex.setMarginType('BTCUSDT', 'ISOLATED');
    await ex.setLeverage('BTCUSDT', 20);
    await ex.placeOrder(order({ side: 'BUY' }));
    expect(await rejection(ex.setLeverage('BTCUSDT', 10))).toMatchObject({ code: -4161, kind: 'rejected' });
    expect((await ex.setLeverage('BTCUSDT', 25)).leverage).toBe(25);
  });

  it("serves the leverage brackets: BTCUSDT's real table", async () => {
    const btc = await ex.leverageBrackets('BTCUSDT');
    expect(btc!.brackets[0]).toMatchObject({ initialLeverage: 125 });
    expect(btc!.brackets[0].notionalCap.toString()).toBe('50000');
    expect(btc!.brackets.find((b) => b.initialLeverage === 20)!.notionalCap.toString()).toBe('20000000');
    expect((await ex.leverageBrackets('ETHUSDT'))!.brackets[0].initialLeverage).toBe(100);
    expect((await ex.setLeverage('BTCUSDT', 20)).maxNotionalValue.toString()).toBe('20000000');
  });
});
