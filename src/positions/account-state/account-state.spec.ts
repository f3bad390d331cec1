import Decimal from 'decimal.js';
import type { OrderResult } from '../../exchange/exchange.port';
import type { AccountSnapshot } from './account-events';
import { AccountState } from './account-state';

const d = (v: string | number) => new Decimal(v);
const LIMITS = { silenceLimitMs: 5_000, confirmWithinMs: 1_000, markPriceMaxAgeMs: 10_000 };

function setup() {
  let now = 1_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const state = new AccountState(LIMITS, () => now);
  const snapshot = (asOf: number, amount = '0', extra: Partial<AccountSnapshot> = {}): AccountSnapshot => ({
    asOf,
    generation: state.generation,
    balance: { wallet: d(1000), crossWallet: d(1000) },
    mode: 'one-way',
    symbols: [
      {
        symbol: 'BTCUSDT',
        leverage: 5,
        marginType: 'CROSSED',
        positions: [
          { symbol: 'BTCUSDT', positionSide: 'BOTH', amount: d(amount), entryPrice: d(amount === '0' ? 0 : 100) },
        ],
      },
    ],
    openOrders: [{ symbol: 'BTCUSDT', orders: [] }],
    conditionalOrders: [{ symbol: 'BTCUSDT', orders: [] }],
    markPrices: [{ symbol: 'BTCUSDT', markPrice: d(100) }],
    ...extra,
  });
  return { state, clock, snapshot };
}

function fill(side: 'BUY' | 'SELL', quantity: string, updateTime: number, orderId = String(updateTime)): OrderResult {
  const q = d(quantity);
  return {
    symbol: 'BTCUSDT',
    orderId,
    clientOrderId: `c${orderId}`,
    status: 'FILLED',
    side,
    positionSide: 'BOTH',
    type: 'MARKET',
    origQty: q,
    executedQty: q,
    avgPrice: d(100),
    cumQuote: q.mul(100),
    reduceOnly: false,
    updateTime,
    raw: {},
  };
}

const reason = (state: AccountState) => {
  const answer = state.read('BTCUSDT');
  return answer.fresh ? 'fresh' : answer.reason;
};

describe('AccountState', () => {
  it('is not fresh before the stream connects, nor after a connect until a complete read of that connection', () => {
    const { state, snapshot } = setup();
    expect(reason(state)).toBe('stream-down');
    state.streamConnected();
    expect(reason(state)).toBe('resync-pending');
    const before = snapshot(10);
    state.streamDisconnected('stream-down');
    state.streamConnected();
    state.applySnapshot(before, 12, true); // sent before the reconnect: events may be missing
    expect(reason(state)).toBe('resync-pending');
    state.applySnapshot(snapshot(20), 22, true);
    expect(reason(state)).toBe('fresh');
  });

  it('a partial read never resynchronises', () => {
    const { state, snapshot } = setup();
    state.streamConnected();
    state.applySnapshot(snapshot(20), 22);
    expect(reason(state)).toBe('resync-pending');
  });

  it('stops trusting the state when the listenKey expires, the stream drops or falls silent', () => {
    const { state, clock, snapshot } = setup();
    state.streamConnected();
    state.applySnapshot(snapshot(20), 22, true);
    state.streamDisconnected('listen-key-expired');
    expect(reason(state)).toBe('listen-key-expired');
    state.streamConnected();
    state.applySnapshot(snapshot(30), 32, true);
    clock.advance(4_000);
    state.heard();
    clock.advance(4_000);
    expect(reason(state)).toBe('fresh');
    clock.advance(1_001);
    expect(reason(state)).toBe('stream-silent');
    state.apply({ kind: 'mark-price', time: 40, symbol: 'BTCUSDT', markPrice: d(101) });
    expect(reason(state)).toBe('fresh');
    state.streamDisconnected('stream-down');
    expect(reason(state)).toBe('stream-down');
  });

  it('answers a reading from the state: balance, position, settings, orders and the mark price', () => {
    const { state, snapshot } = setup();
    state.streamConnected();
    state.applySnapshot(snapshot(20, '2'), 22, true);
    state.apply({ kind: 'mark-price', time: 25, symbol: 'BTCUSDT', markPrice: d(110) });
    const answer = state.read('BTCUSDT');
    if (!answer.fresh) throw new Error(answer.reason);
    const { balance, quote, state: symbol } = answer.reading;
    expect(quote.price.toString()).toBe('110');
    expect(symbol.mode).toBe('one-way');
    expect(symbol.positions.leverage).toBe(5);
    expect(symbol.positions.marginType).toBe('CROSSED');
    expect(symbol.positions.positions).toHaveLength(1);
    expect(symbol.positions.positions[0].direction).toBe('LONG');
    expect(symbol.positions.positions[0].unrealizedPnl.toString()).toBe('20');
    // 1000 wallet − 2 × 100 / 5 margin + 20 cross PnL
    expect(balance.available.toString()).toBe('980');
    expect(balance.wallet.toString()).toBe('1000');
  });

  it('moves the position at once on our order answer; the balance waits for the stream, then trusts it', () => {
    const { state, clock, snapshot } = setup();
    state.streamConnected();
    state.applySnapshot(snapshot(20), 22, true);
    state.applyOwnOrder(fill('BUY', '1', 30));
    expect(reason(state)).toBe('balance-unsettled');
    state.apply({
      kind: 'account',
      time: 30,
      balance: { wallet: d('999.9'), crossWallet: d('999.9') },
      positions: [{ symbol: 'BTCUSDT', positionSide: 'BOTH', amount: d(1), entryPrice: d(100) }],
    });
    const answer = state.read('BTCUSDT');
    if (!answer.fresh) throw new Error(answer.reason);
    expect(answer.reading.state.positions.positions[0].quantity.toString()).toBe('1');
    expect(answer.reading.balance.wallet.toString()).toBe('999.9');
    // The stream never confirms the next fill: after a while it counts as lagging.
    state.applyOwnOrder(fill('SELL', '1', 40));
    clock.advance(1_001);
    expect(reason(state)).toBe('stream-lagging');
  });

  it('a close reading needs neither a settled balance nor a mark price', () => {
    const { state, snapshot } = setup();
    state.streamConnected();
    state.applySnapshot({ ...snapshot(20), markPrices: [] }, 22, true);
    state.applyOwnOrder(fill('SELL', '1', 30));
    expect(reason(state)).toBe('balance-unsettled');
    const answer = state.read('BTCUSDT', true);
    if (!answer.fresh) throw new Error(answer.reason);
    expect(answer.reading.state.positions.positions[0]).toMatchObject({ direction: 'SHORT' });
    expect(answer.reading.state.positions.positions[0].quantity.toString()).toBe('1');
  });

  it('an answer the stream already reported is not counted twice', () => {
    const { state, snapshot } = setup();
    state.streamConnected();
    state.applySnapshot(snapshot(20), 22, true);
    state.apply({
      kind: 'account',
      time: 30,
      balance: { wallet: d('999.9'), crossWallet: d('999.9') },
      positions: [{ symbol: 'BTCUSDT', positionSide: 'BOTH', amount: d(-1), entryPrice: d(100) }],
    });
    state.applyOwnOrder(fill('SELL', '1', 30));
    const answer = state.read('BTCUSDT');
    if (!answer.fresh) throw new Error(answer.reason);
    expect(answer.reading.state.positions.positions[0].quantity.toString()).toBe('1');
    expect(answer.reading.state.positions.positions[0].direction).toBe('SHORT');
  });

  it('follows leverage, margin type, open orders and conditional orders from events and own answers', () => {
    const { state, snapshot } = setup();
    state.streamConnected();
    state.applySnapshot(snapshot(20), 22, true);
    state.apply({ kind: 'leverage', time: 30, symbol: 'BTCUSDT', leverage: 10 });
    state.applyOwnSettings('BTCUSDT', { marginType: 'ISOLATED' }, 31);
    state.apply({
      kind: 'order',
      time: 32,
      order: {
        orderId: '7',
        clientOrderId: 'x',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'LIMIT',
        origQty: d(1),
        price: d(90),
        status: 'NEW',
        executedQty: d(0),
      },
    });
    state.applyOwnConditional(
      {
        algoId: '9',
        clientAlgoId: 'sl',
        symbol: 'BTCUSDT',
        side: 'SELL',
        positionSide: 'BOTH',
        type: 'STOP_MARKET',
        status: 'NEW',
        quantity: d(1),
        triggerPrice: d(80),
        closePosition: false,
        reduceOnly: true,
        raw: {},
      },
      33,
    );
    let answer = state.read('BTCUSDT');
    if (!answer.fresh) throw new Error(answer.reason);
    expect(answer.reading.state.positions.leverage).toBe(10);
    expect(answer.reading.state.positions.marginType).toBe('ISOLATED');
    expect(answer.reading.state.openOrders!.map((o) => o.orderId)).toEqual(['7']);
    expect(answer.reading.state.conditionalOrders!.map((o) => o.algoId)).toEqual(['9']);
    // 1000 − the resting order's margin (1 × 90 / 10)
    expect(answer.reading.balance.available.toString()).toBe('991');
    state.apply({ kind: 'leverage', time: 29, symbol: 'BTCUSDT', leverage: 3 }); // older: ignored
    answer = state.read('BTCUSDT');
    if (!answer.fresh) throw new Error(answer.reason);
    expect(answer.reading.state.positions.leverage).toBe(10);
  });

  it('needs a recent mark price', () => {
    const { state, clock, snapshot } = setup();
    state.streamConnected();
    state.applySnapshot(snapshot(20), 22, true);
    clock.advance(4_000);
    state.heard();
    clock.advance(4_000);
    state.heard();
    clock.advance(2_001);
    state.heard();
    expect(reason(state)).toBe('mark-price-stale');
  });
});
