import Decimal from 'decimal.js';
import { BinanceRejection } from './binance-rejection';
import { FuturesEngine, Params } from './futures-engine';

const market = (side: string, quantity: string, extra: Params = {}): Params => ({
  symbol: 'BTCUSDT',
  side,
  type: 'MARKET',
  quantity,
  ...extra,
});

function positions(engine: FuturesEngine) {
  return (engine.positionRisk('BTCUSDT') as Array<{ positionAmt: string; entryPrice: string; positionSide: string }>)
    .filter((p) => Number(p.positionAmt) !== 0)
    .map((p) => [p.positionSide, p.positionAmt, p.entryPrice]);
}

function code(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    if (error instanceof BinanceRejection) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('FuturesEngine', () => {
  let engine: FuturesEngine;
  beforeEach(() => {
    engine = new FuturesEngine({ walletUsdt: '10000', takerFeeRate: '0' });
  });

  it('flips a one-way position in one order: closes the long, opens the rest short at the fill price', () => {
    engine.newOrder(market('BUY', '0.1'));
    engine.setPrice('BTCUSDT', '52000');
    engine.newOrder(market('SELL', '0.3'));
    expect(positions(engine)).toEqual([['BOTH', '-0.200', '52000']]);
    expect(engine.wallet.toString()).toBe('10200');
  });

  it('averages the entry price when adding to a position', () => {
    engine.newOrder(market('BUY', '0.1'));
    engine.setPrice('BTCUSDT', '53000');
    engine.newOrder(market('BUY', '0.2'));
    expect(positions(engine)).toEqual([['BOTH', '0.300', '52000']]);
  });

  it('caps a reduce-only order at the position size', () => {
    engine.newOrder(market('SELL', '0.1'));
    const answer = engine.newOrder(market('BUY', '0.5', { reduceOnly: 'true' })) as { executedQty: string };
    expect(answer.executedQty).toBe('0.100');
    expect(positions(engine)).toEqual([]);
  });

  it('keeps hedge-mode sides apart and realises PnL per side', () => {
    engine.setPositionMode({ dualSidePosition: 'true' });
    engine.newOrder(market('BUY', '0.1', { positionSide: 'LONG' }));
    engine.newOrder(market('SELL', '0.1', { positionSide: 'SHORT' }));
    engine.setPrice('BTCUSDT', '49000');
    engine.newOrder(market('BUY', '0.1', { positionSide: 'SHORT' }));
    expect(positions(engine)).toEqual([['LONG', '0.100', '50000']]);
    expect(engine.wallet.toString()).toBe('10100');
    expect(code(() => engine.newOrder(market('SELL', '0.2', { positionSide: 'LONG' })))).toBe(-2022);
    expect(code(() => engine.newOrder(market('SELL', '0.1', { positionSide: 'LONG', reduceOnly: 'true' })))).toBe(
      -1106,
    );
  });

  it('locks initial margin and refuses orders beyond the available balance', () => {
    engine.setLeverage({ symbol: 'BTCUSDT', leverage: '10' });
    engine.newOrder(market('BUY', '1'));
    const balance = (engine.balance() as Array<{ asset: string; availableBalance: string }>).find(
      (b) => b.asset === 'USDT',
    )!;
    expect(balance.availableBalance).toBe('5000.00000000');
    expect(code(() => engine.newOrder(market('BUY', '1.001')))).toBe(-2019);
  });

  it('refuses a position above the leverage bracket', () => {
    engine.wallet = new Decimal('100000000');
    engine.setLeverage({ symbol: 'BTCUSDT', leverage: '125' });
    expect(code(() => engine.newOrder(market('BUY', '7')))).toBe(-2027);
  });

  it('charges the taker fee on the notional', () => {
    const withFees = new FuturesEngine({ walletUsdt: '1000', takerFeeRate: '0.0004' });
    withFees.newOrder(market('BUY', '0.01'));
    expect(withFees.wallet.toString()).toBe('999.8');
  });

  it('refuses to change position mode with a position open', () => {
    engine.newOrder(market('BUY', '0.01'));
    expect(code(() => engine.setPositionMode({ dualSidePosition: 'true' }))).toBe(-4068);
    expect(code(() => engine.setPositionMode({ dualSidePosition: 'false' }))).toBe(-4059);
  });
});
