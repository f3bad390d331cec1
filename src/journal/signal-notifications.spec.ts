import Decimal from 'decimal.js';
import type { SignalHeader, SignalOutcome } from './signal-record';
import type { OrderAttempt } from '../trading/orders/order-attempt';
import { signalNotifications } from './signal-notifications';

const receivedAt = new Date('2026-11-27T10:00:00.000Z');
const answeredAt = new Date('2026-11-27T10:00:00.180Z');
const header: SignalHeader = {
  id: 'sig1',
  route: 'advanced-trading',
  payload: {},
  receivedAt,
  action: 'BUY',
  symbol: 'BTCUSDT',
  leverage: 10,
};
const d = (v: string) => new Decimal(v);

function order(
  purpose: OrderAttempt['purpose'],
  side: 'BUY' | 'SELL',
  qty: string,
  avg: string,
  raw: unknown = {},
): OrderAttempt {
  return {
    purpose,
    request: {
      symbol: 'BTCUSDT',
      side,
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: d(qty),
      clientOrderId: `c-${purpose}`,
    },
    result: {
      symbol: 'BTCUSDT',
      orderId: '1',
      clientOrderId: `c-${purpose}`,
      status: 'FILLED',
      side,
      positionSide: 'BOTH',
      type: 'MARKET',
      origQty: d(qty),
      executedQty: d(qty),
      avgPrice: d(avg),
      cumQuote: d('0'),
      reduceOnly: false,
      updateTime: 0,
      raw,
    },
    sentAt: receivedAt,
    answeredAt,
  };
}

const outcome = (o: Partial<SignalOutcome>): SignalOutcome => ({
  status: 'EXECUTED',
  httpStatus: 200,
  answeredAt,
  ...o,
});

describe('signalNotifications', () => {
  it('reports an executed buy with quantity, average price, leverage and latency', () => {
    expect(signalNotifications(header, outcome({ orders: [order('OPEN', 'BUY', '0.05', '50000.5')] }))).toEqual([
      {
        id: 'sig1:signal.executed',
        type: 'signal.executed',
        occurredAt: answeredAt.toISOString(),
        payload: {
          signalId: 'sig1',
          symbol: 'BTCUSDT',
          side: 'BUY',
          quantity: '0.05',
          averagePrice: '50000.5',
          leverage: 10,
          latencyMs: 180,
          reversal: false,
        },
      },
    ]);
  });

  it('reports a one-way reversal with the new position’s size, not the order’s', () => {
    const calculation = { quantity: d('0.05') } as SignalOutcome['calculation'];
    const [event] = signalNotifications(
      { ...header, action: 'SELL' },
      outcome({ calculation, orders: [order('REVERSAL', 'SELL', '0.08', '49000')] }),
    );
    expect(event.payload).toMatchObject({ side: 'SELL', quantity: '0.05', reversal: true });
  });

  it('reports a close with each closed side, and the realized PnL when the order answer carries it', () => {
    const close = { ...header, action: 'CLOSE' as const };
    const [plain] = signalNotifications(close, outcome({ orders: [order('CLOSE_LONG', 'SELL', '0.05', '51000')] }));
    expect(plain).toMatchObject({
      id: 'sig1:position.closed',
      type: 'position.closed',
      payload: { closed: [{ side: 'LONG', quantity: '0.05', averagePrice: '51000' }] },
    });
    expect(plain.payload).not.toHaveProperty('realizedPnl', expect.anything());
    const [withPnl] = signalNotifications(
      close,
      outcome({
        orders: [
          order('CLOSE_LONG', 'SELL', '0.05', '51000', { realizedPnl: '50.1' }),
          order('CLOSE_SHORT', 'BUY', '1', '51000', { realizedPnl: '-0.2' }),
        ],
      }),
    );
    expect(withPnl.payload).toMatchObject({ realizedPnl: '49.9', closed: [{ side: 'LONG' }, { side: 'SHORT' }] });
    expect(signalNotifications(close, outcome({ orders: [], note: 'Nothing to close' }))).toEqual([]);
  });

  it('reports a target position: opened, reversed to its size, or only reduced (as a close)', () => {
    const target = { ...header, action: 'TARGET' as const, targetQuantity: d('0.2') };
    const [reversed] = signalNotifications(target, outcome({ orders: [order('REVERSAL', 'SELL', '0.5', '2500')] }));
    expect(reversed).toMatchObject({
      type: 'signal.executed',
      payload: { side: 'SELL', quantity: '0.2', reversal: true },
    });
    const [reduced] = signalNotifications(target, outcome({ orders: [order('REDUCE_LONG', 'SELL', '0.2', '2500')] }));
    expect(reduced).toMatchObject({
      type: 'position.closed',
      payload: { closed: [{ side: 'LONG', quantity: '0.2' }] },
    });
  });

  it('reports a stale alert as signal.stale, with how late it arrived', () => {
    const late = { ...header, payload: { time: '2026-11-27T09:58:30Z' } };
    const stale = outcome({ status: 'REJECTED', httpStatus: 422, errorCode: 'STALE', errorMessage: 'Stale alert' });
    expect(signalNotifications(late, stale)).toEqual([
      expect.objectContaining({
        id: 'sig1:signal.stale',
        type: 'signal.stale',
        payload: expect.objectContaining({ ageMs: 90_000 }),
      }),
    ]);
  });

  it('reports failures and refusals with reason and suggestions', () => {
    const failed = outcome({
      status: 'FAILED',
      httpStatus: 422,
      errorCode: 'BINANCE_-2019',
      errorMessage: 'Margin is insufficient',
      suggestions: ['Lower balance_percentage'],
    });
    expect(signalNotifications(header, failed)).toEqual([
      expect.objectContaining({
        id: 'sig1:signal.failed',
        payload: {
          signalId: 'sig1',
          symbol: 'BTCUSDT',
          action: 'BUY',
          reason: 'Margin is insufficient',
          code: 'BINANCE_-2019',
          suggestions: ['Lower balance_percentage'],
        },
      }),
    ]);
    const refused = outcome({ status: 'REJECTED', httpStatus: 400, errorMessage: 'Invalid symbol' });
    expect(signalNotifications({ ...header, symbol: undefined, rawSymbol: 'NOPE' }, refused)[0]).toMatchObject({
      type: 'signal.refused',
      payload: { symbol: 'NOPE' },
    });
  });

  it('does not notify refusals of requests that are not the trader’s (secret, address, size, flood)', () => {
    for (const httpStatus of [401, 403, 413, 429])
      expect(signalNotifications(header, outcome({ status: 'REJECTED', httpStatus }))).toEqual([]);
  });

  it('reports duplicates (switched off by default elsewhere) and nothing for skipped or processing', () => {
    expect(
      signalNotifications({ ...header, duplicateOfId: 'sig0' }, outcome({ status: 'DUPLICATE' }))[0],
    ).toMatchObject({ type: 'signal.duplicate', payload: { originalId: 'sig0' } });
    expect(signalNotifications(header, outcome({ status: 'SKIPPED' }))).toEqual([]);
    expect(signalNotifications(header, outcome({ status: 'PROCESSING' }))).toEqual([]);
  });
});
