import Decimal from 'decimal.js';
import type { ConditionalOrder, OpenPosition } from '../../exchange/exchange.port';
import { protectionResizes } from './protection-resize';

const lot = {
  marketStepSize: new Decimal('0.001'),
  marketMinQty: new Decimal('0.001'),
  marketMaxQty: new Decimal('2000'),
};
const long: OpenPosition = {
  symbol: 'ETHUSDT',
  direction: 'LONG',
  positionSide: 'BOTH',
  quantity: new Decimal('1'),
  entryPrice: new Decimal(2500),
  markPrice: new Decimal(2500),
  unrealizedPnl: new Decimal(0),
};
const order = (over: Partial<ConditionalOrder>): ConditionalOrder => ({
  algoId: '1',
  clientAlgoId: 'c1',
  symbol: 'ETHUSDT',
  side: 'SELL',
  positionSide: 'BOTH',
  type: 'STOP_MARKET',
  status: 'NEW',
  quantity: new Decimal('1'),
  triggerPrice: new Decimal('2000'),
  closePosition: false,
  reduceOnly: true,
  raw: {},
  ...over,
});

describe('protectionResizes', () => {
  it('resizes quantity-based closing orders in proportion to what remains, keeping their terms', () => {
    const orders = [
      order({ algoId: '1', quantity: new Decimal('1'), workingType: 'MARK_PRICE' }),
      order({
        algoId: '2',
        type: 'TAKE_PROFIT',
        quantity: new Decimal('0.5'),
        price: new Decimal('3100'),
        triggerPrice: new Decimal('3000'),
      }),
      order({
        algoId: '3',
        type: 'TRAILING_STOP_MARKET',
        quantity: new Decimal('0.3'),
        callbackRate: new Decimal('1'),
      }),
    ];
    const resizes = protectionResizes(orders, long, new Decimal('0.4'), lot, 'sig');
    expect(resizes.map((r) => [r.old.algoId, r.request.type, r.request.quantity!.toString()])).toEqual([
      ['1', 'STOP_MARKET', '0.4'],
      ['2', 'TAKE_PROFIT', '0.2'],
      ['3', 'TRAILING_STOP_MARKET', '0.12'],
    ]);
    expect(resizes[0].request).toMatchObject({
      reduceOnly: true,
      workingType: 'MARK_PRICE',
      clientAlgoId: 'tvb_sig_pr1',
    });
    expect(resizes[1].request.price?.toString()).toBe('3100');
    expect(resizes[2].request).toMatchObject({ triggerPrice: undefined });
    expect(resizes[2].request.callbackRate?.toString()).toBe('1');
  });

  it('leaves closePosition orders, orders of the other side and opening orders alone', () => {
    const orders = [
      order({ closePosition: true, quantity: new Decimal(0) }),
      order({ side: 'BUY' }),
      order({ positionSide: 'SHORT' }),
    ];
    expect(protectionResizes(orders, long, new Decimal('0.5'), lot, 'sig')).toEqual([]);
  });

  it('never resizes below the minimum quantity or above what remains', () => {
    const tiny = protectionResizes([order({ quantity: new Decimal('0.002') })], long, new Decimal('0.1'), lot, 's');
    expect(tiny[0].request.quantity!.toString()).toBe('0.001');
  });
});
