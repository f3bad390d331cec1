import Decimal from 'decimal.js';
import type { ConditionalOrder, OpenOrder, SymbolPositions } from '../../exchange/exchange.port';
import { completeSnapshot, symbolFigures } from './snapshot-from-reads';

const d = (v: string | number) => new Decimal(v);
const short: SymbolPositions = {
  symbol: 'BTCUSDT',
  leverage: 5,
  marginType: 'CROSSED',
  mode: 'hedge',
  positions: [
    {
      symbol: 'BTCUSDT',
      direction: 'SHORT',
      positionSide: 'SHORT',
      quantity: d('0.2'),
      entryPrice: d(100),
      markPrice: d(90),
      unrealizedPnl: d(2),
    },
  ],
};

describe('snapshots from REST reads', () => {
  it('lists every side of the mode, a flat one at zero, a short one negative', () => {
    const figures = symbolFigures(short, 'hedge');
    expect(figures.positions.map((p) => [p.positionSide, p.amount.toString()])).toEqual([
      ['LONG', '0'],
      ['SHORT', '-0.2'],
    ]);
  });

  it('a complete read names every symbol, those without orders included, and takes marks from the positions', () => {
    const flat: SymbolPositions = { symbol: 'ETHUSDT', leverage: 20, marginType: 'ISOLATED', positions: [] };
    const order = { orderId: '1', symbol: 'ETHUSDT' } as OpenOrder;
    const stop = { algoId: '2', symbol: 'SOLUSDT' } as ConditionalOrder;
    const snapshot = completeSnapshot(
      {
        balance: { wallet: d(1000), available: d(900) },
        mode: 'hedge',
        symbols: [short, flat],
        openOrders: [order],
        conditionalOrders: [stop],
      },
      50,
      3,
    );
    expect(snapshot).toMatchObject({ asOf: 50, generation: 3, mode: 'hedge' });
    expect(snapshot.balance!.wallet.toString()).toBe('1000');
    expect(snapshot.openOrders!.map((l) => [l.symbol, l.orders.length])).toEqual([
      ['BTCUSDT', 0],
      ['ETHUSDT', 1],
      ['SOLUSDT', 0],
    ]);
    expect(snapshot.conditionalOrders!.find((l) => l.symbol === 'SOLUSDT')!.orders).toEqual([stop]);
    expect(snapshot.markPrices!.map((m) => [m.symbol, m.markPrice.toString()])).toEqual([['BTCUSDT', '90']]);
  });
});
