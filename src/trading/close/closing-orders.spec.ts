import Decimal from 'decimal.js';
import type { OpenPosition } from '../../exchange/exchange.port';
import { closingOrders } from './closing-orders';

const long = (quantity: string, positionSide: OpenPosition['positionSide'] = 'BOTH'): OpenPosition => ({
  symbol: 'BTCUSDT',
  direction: 'LONG',
  positionSide,
  quantity: new Decimal(quantity),
  entryPrice: new Decimal(50000),
  markPrice: new Decimal(50000),
  unrealizedPnl: new Decimal(0),
});

describe('closingOrders', () => {
  it('closes a position within the market lot maximum with one order under the plain id', () => {
    const orders = closingOrders(long('120'), 'sig1', new Decimal('120'));
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ side: 'SELL', reduceOnly: true, clientOrderId: 'tvb_sig1_cl' });
    expect(orders[0].quantity.toString()).toBe('120');
  });

  it('splits a larger position into pieces of at most maxQty, each with its own id', () => {
    const orders = closingOrders(long('300.005'), 'sig1', new Decimal('120'));
    expect(orders.map((o) => o.quantity.toString())).toEqual(['120', '120', '60.005']);
    expect(orders.map((o) => o.clientOrderId)).toEqual(['tvb_sig1_cl', 'tvb_sig1_cl2', 'tvb_sig1_cl3']);
    expect(orders.every((o) => o.reduceOnly && o.side === 'SELL' && o.type === 'MARKET')).toBe(true);
  });

  it('hedge pieces close by position side, without reduce-only', () => {
    const orders = closingOrders(long('250', 'LONG'), 'sig1', new Decimal('100'), 'CLOSE_OPPOSITE');
    expect(orders.map((o) => [o.positionSide, o.reduceOnly, o.clientOrderId])).toEqual([
      ['LONG', undefined, 'tvb_sig1_co'],
      ['LONG', undefined, 'tvb_sig1_co2'],
      ['LONG', undefined, 'tvb_sig1_co3'],
    ]);
  });

  it('treats a maximum of 0 as none', () => {
    expect(closingOrders(long('5000'), 'sig1', new Decimal(0))).toHaveLength(1);
  });
});
