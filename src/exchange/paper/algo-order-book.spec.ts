import Decimal from 'decimal.js';
import { triggers } from './algo-order-book';
import { BinanceRejection } from './binance-rejection';
import { restoreEngine, snapshotEngine } from './engine-state';
import { FuturesEngine, Params } from './futures-engine';

const algo = (extra: Params): Params => ({ algoType: 'CONDITIONAL', symbol: 'BTCUSDT', ...extra });

function code(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    if (error instanceof BinanceRejection) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('triggers (Binance conditional order rules)', () => {
  const at = (latest: string, trigger: string) => [new Decimal(latest), new Decimal(trigger)] as const;
  it.each([
    ['STOP_MARKET', 'BUY', '101', '100', true],
    ['STOP_MARKET', 'BUY', '99', '100', false],
    ['STOP_MARKET', 'SELL', '100', '100', true],
    ['STOP_MARKET', 'SELL', '101', '100', false],
    ['STOP', 'SELL', '99', '100', true],
    ['TAKE_PROFIT_MARKET', 'BUY', '99', '100', true],
    ['TAKE_PROFIT_MARKET', 'BUY', '101', '100', false],
    ['TAKE_PROFIT', 'SELL', '101', '100', true],
    ['TAKE_PROFIT', 'SELL', '99', '100', false],
  ] as const)('%s %s at %s against %s → %s', (type, side, latest, trigger, expected) => {
    expect(triggers(type, side, ...at(latest, trigger))).toBe(expected);
  });
});

describe('AlgoOrderBook in the engine', () => {
  let engine: FuturesEngine;
  beforeEach(() => {
    engine = new FuturesEngine({ walletUsdt: '10000', takerFeeRate: '0' });
  });

  it('keeps conditional orders out of openOrders and refuses them on the regular endpoint (-4120)', () => {
    engine.newAlgoOrder(algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '45000', quantity: '0.01' }));
    expect(engine.openOrders({})).toEqual([]);
    expect(engine.openAlgoOrders({ symbol: 'BTCUSDT' })).toHaveLength(1);
    for (const type of ['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET']) {
      expect(
        code(() => engine.newOrder({ symbol: 'BTCUSDT', side: 'SELL', type, quantity: '0.01', stopPrice: '45000' })),
      ).toBe(-4120);
    }
  });

  it('validates like Binance: algoType, tick, closePosition combinations, hedge reduceOnly, 10 per symbol', () => {
    expect(
      code(() =>
        engine.newAlgoOrder({
          symbol: 'BTCUSDT',
          side: 'SELL',
          type: 'STOP_MARKET',
          triggerPrice: '45000',
          quantity: '0.01',
        }),
      ),
    ).toBe(-1102);
    expect(
      code(() =>
        engine.newAlgoOrder(algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '45000.05', quantity: '0.01' })),
      ),
    ).toBe(-4014);
    expect(
      code(() =>
        engine.newAlgoOrder(algo({ side: 'SELL', type: 'STOP', triggerPrice: '45000', closePosition: 'true' })),
      ),
    ).toBe(-1106);
    expect(
      code(() =>
        engine.newAlgoOrder(
          algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '45000', closePosition: 'true', reduceOnly: 'true' }),
        ),
      ),
    ).toBe(-1106);
    expect(code(() => engine.newAlgoOrder(algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '45000' })))).toBe(
      -1102,
    );
    expect(
      code(() =>
        engine.newAlgoOrder(
          algo({
            side: 'SELL',
            type: 'TRAILING_STOP_MARKET',
            quantity: '0.01',
            callbackRate: '1',
            activatePrice: '49000',
          }),
        ),
      ),
    ).toBe(-2021);
    for (let i = 0; i < 10; i++)
      engine.newAlgoOrder(
        algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: String(40000 + i), quantity: '0.01' }),
      );
    expect(
      code(() =>
        engine.newAlgoOrder(algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '45000', quantity: '0.01' })),
      ),
    ).toBe(-4045);
    engine.reset('10000');
    engine.dualSidePosition = true;
    expect(
      code(() =>
        engine.newAlgoOrder(
          algo({
            side: 'SELL',
            positionSide: 'LONG',
            type: 'STOP_MARKET',
            triggerPrice: '45000',
            quantity: '0.01',
            reduceOnly: 'true',
          }),
        ),
      ),
    ).toBe(-1106);
    expect(
      code(() =>
        engine.newAlgoOrder(
          algo({
            side: 'BUY',
            positionSide: 'LONG',
            type: 'STOP_MARKET',
            triggerPrice: '55000',
            closePosition: 'true',
          }),
        ),
      ),
    ).toBe(-1106);
  });

  it('hedge mode: a closePosition stop on LONG closes the long only', () => {
    engine.dualSidePosition = true;
    engine.newOrder({ symbol: 'BTCUSDT', side: 'BUY', positionSide: 'LONG', type: 'MARKET', quantity: '0.1' });
    engine.newOrder({ symbol: 'BTCUSDT', side: 'SELL', positionSide: 'SHORT', type: 'MARKET', quantity: '0.05' });
    engine.newAlgoOrder(
      algo({ side: 'SELL', positionSide: 'LONG', type: 'STOP_MARKET', triggerPrice: '49000', closePosition: 'true' }),
    );
    const fired = engine.setPrice('BTCUSDT', '48000');
    expect(fired.map((o) => o.algoStatus)).toEqual(['FINISHED']);
    expect([...engine.positions.entries()].map(([k, p]) => [k, p.amount.toString()])).toEqual([
      ['BTCUSDT|SHORT', '-0.05'],
    ]);
  });

  it('one close-all order per direction (-4130): a stop and a take profit together, never two stops', () => {
    const closeAll = (extra: Params) => algo({ closePosition: 'true', ...extra });
    const stop = engine.newAlgoOrder(closeAll({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '49000' })) as {
      algoId: number;
    };
    engine.newAlgoOrder(closeAll({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', triggerPrice: '52000' }));
    expect(
      code(() => engine.newAlgoOrder(closeAll({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '48000' }))),
    ).toBe(-4130);
    expect(
      code(() => engine.newAlgoOrder(closeAll({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', triggerPrice: '53000' }))),
    ).toBe(-4130);
    // A quantity-based stop in the same direction is not a close-all one; the other direction is free.
    engine.newAlgoOrder(algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '48000', quantity: '0.01' }));
    engine.newAlgoOrder(closeAll({ side: 'BUY', type: 'STOP_MARKET', triggerPrice: '51000' }));
    // Once the first stop is cancelled, another may rest.
    engine.cancelAlgoOrder({ symbol: 'BTCUSDT', algoId: String(stop.algoId) });
    engine.newAlgoOrder(closeAll({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '48500' }));
  });

  it('hedge mode: -4130 is per position side', () => {
    engine.dualSidePosition = true;
    const closeAll = (extra: Params) => algo({ closePosition: 'true', type: 'STOP_MARKET', ...extra });
    engine.newAlgoOrder(closeAll({ side: 'SELL', positionSide: 'LONG', triggerPrice: '49000' }));
    engine.newAlgoOrder(closeAll({ side: 'BUY', positionSide: 'SHORT', triggerPrice: '51000' }));
    expect(
      code(() => engine.newAlgoOrder(closeAll({ side: 'SELL', positionSide: 'LONG', triggerPrice: '48000' }))),
    ).toBe(-4130);
  });

  it('a triggered STOP places a LIMIT order at its price, which rests', () => {
    const stop = engine.newAlgoOrder(
      algo({ side: 'BUY', type: 'STOP', triggerPrice: '51000', price: '51100', quantity: '0.01' }),
    ) as { algoId: number };
    engine.setPrice('BTCUSDT', '51000');
    const after = engine.queryAlgoOrder({ algoId: String(stop.algoId) }) as {
      algoStatus: string;
      actualOrderId: string;
    };
    expect(after.algoStatus).toBe('TRIGGERED');
    expect(engine.openOrders({ symbol: 'BTCUSDT' })).toEqual([
      expect.objectContaining({ orderId: Number(after.actualOrderId), type: 'LIMIT', price: '51100.00' }),
    ]);
  });

  it('keeps open conditional orders across a snapshot (paper restarts)', () => {
    engine.newAlgoOrder(
      algo({
        side: 'SELL',
        type: 'TRAILING_STOP_MARKET',
        quantity: '0.01',
        callbackRate: '2',
        activatePrice: '52000',
        clientAlgoId: 'kept',
      }),
    );
    engine.setPrice('BTCUSDT', '53000');
    const restored = new FuturesEngine({ walletUsdt: '10000' });
    restoreEngine(restored, JSON.parse(JSON.stringify(snapshotEngine(engine))));
    expect(restored.openAlgoOrders({})).toEqual(engine.openAlgoOrders({}));
    // The highest price seen (53000) survived: 2% under it triggers.
    expect(restored.setPrice('BTCUSDT', '51940').map((o) => o.clientAlgoId)).toEqual(['kept']);
  });
});
