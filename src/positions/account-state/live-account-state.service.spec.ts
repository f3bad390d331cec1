import Decimal from 'decimal.js';
import { Subject } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import type { ExchangeAnswer, ExchangeAnswerListener } from '../../exchange/exchange-answers';
import type { OrderResult, SymbolPositions } from '../../exchange/exchange.port';
import type { SwitchableExchange } from '../../exchange/switchable.exchange';
import type { AccountStreamEvent } from '../../exchange/streams/account-stream-events';
import type { AccountStream } from '../../exchange/streams/account-stream.port';
import type { InstancePresence } from '../../database/instance-presence';
import { LiveAccountStateService } from './live-account-state.service';

const d = (v: string | number) => new Decimal(v);
const SYMBOL = 'BTCUSDT';

function flat(symbol = SYMBOL, leverage = 5): SymbolPositions {
  return { symbol, leverage, marginType: 'CROSSED', positions: [], mode: 'one-way' };
}

function long(quantity: string): SymbolPositions {
  const q = d(quantity);
  return {
    ...flat(),
    positions: [
      {
        symbol: SYMBOL,
        direction: 'LONG',
        positionSide: 'BOTH',
        quantity: q,
        entryPrice: d(100),
        markPrice: d(100),
        unrealizedPnl: d(0),
      },
    ],
  };
}

function setup(options: { enabled?: boolean; stateFromStreams?: boolean } = {}) {
  const events$ = new Subject<AccountStreamEvent>();
  const watched: string[] = [];
  const stream: AccountStream = {
    events$,
    health: () => ({ enabled: true, connected: true, reconnects: 0 }),
    watchMarkPrices: (symbols) => watched.push(...symbols),
  };
  const account = { positions: flat(), wallet: d(1000), fail: 0, reads: 0 };
  const adapter = {
    kind: 'paper' as const,
    usdtBalance: jest.fn(async () => ({ wallet: account.wallet, available: account.wallet })),
    positionMode: jest.fn(async () => 'one-way' as const),
    allSymbolPositions: jest.fn(async () => {
      account.reads += 1;
      if (account.fail > 0) {
        account.fail -= 1;
        throw new Error('exchange unreachable');
      }
      return [account.positions];
    }),
    allOpenOrders: jest.fn(async () => []),
    allOpenConditionalOrders: jest.fn(async () => []),
  };
  let listener: ExchangeAnswerListener | undefined;
  const exchange = {
    current: adapter,
    onAnswer: (l: ExchangeAnswerListener) => {
      listener = l;
      return () => (listener = undefined);
    },
  } as unknown as SwitchableExchange;
  const config = {
    streams: {
      enabled: options.enabled ?? true,
      stateFromStreams: options.stateFromStreams ?? true,
      silenceLimitMs: 10_000,
      markPriceMaxAgeMs: 5000,
    },
  } as AppConfig;
  const presence = { alone: true } as InstancePresence;
  const service = new LiveAccountStateService(stream, exchange, config, presence);
  service.onModuleInit();
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  const connect = async () => {
    events$.next({ type: 'connection', connected: true, at: Date.now() });
    await settle();
  };
  const mark = (price: number) =>
    events$.next({
      type: 'markPrice',
      eventTime: Date.now(),
      symbol: SYMBOL,
      markPrice: d(price),
      indexPrice: d(price),
      fundingRate: d(0),
      nextFundingTime: 0,
    });
  const answer = (a: ExchangeAnswer) => listener?.(a, 'default');
  const reason = (forClose = false) => {
    const r = service.read(SYMBOL, forClose);
    return r.fresh ? 'fresh' : r.reason;
  };
  return { service, events$, account, adapter, connect, mark, answer, reason, settle, watched, presence };
}

function filled(side: 'BUY' | 'SELL', quantity: string): OrderResult {
  const q = d(quantity);
  return {
    symbol: SYMBOL,
    orderId: '1',
    clientOrderId: 'c1',
    status: 'FILLED',
    side,
    positionSide: 'BOTH',
    type: 'MARKET',
    origQty: q,
    executedQty: q,
    avgPrice: d(100),
    cumQuote: q.mul(100),
    reduceOnly: false,
    updateTime: Date.now(),
    raw: {},
  };
}

describe('LiveAccountStateService', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('answers stale, and holds nothing, with the streams off or ACCOUNT_STATE=rest', async () => {
    for (const options of [{ enabled: false }, { stateFromStreams: false }]) {
      const t = setup(options);
      await t.connect();
      t.mark(100);
      expect(t.reason()).toBe('streams-off');
      expect(t.adapter.allSymbolPositions).not.toHaveBeenCalled();
      expect(t.service.health()).toMatchObject({ enabled: false, fresh: false });
    }
  });

  it('resyncs from a complete read on connect, then answers fresh once a mark price is in', async () => {
    const t = setup();
    expect(t.reason()).toBe('stream-down');
    await t.connect();
    expect(t.adapter.allSymbolPositions).toHaveBeenCalledTimes(1);
    expect(t.reason()).toBe('mark-price-stale');
    expect(t.reason(true)).toBe('fresh'); // a close needs no price
    expect(t.watched).toContain(SYMBOL);
    t.mark(101);
    const reading = t.service.read(SYMBOL);
    expect(reading.fresh && reading.reading).toMatchObject({
      balance: { wallet: d(1000) },
      quote: { price: d(101), source: 'mark-price' },
      state: { mode: 'one-way', positions: { leverage: 5, positions: [] } },
    });
    expect(t.service.health()).toMatchObject({ enabled: true, fresh: true, resyncs: 1 });
  });

  it('is stale while the stream is down or its listenKey expired, and after a reconnect until re-read', async () => {
    const t = setup();
    await t.connect();
    t.mark(100);
    t.events$.next({ type: 'connection', connected: false, at: Date.now(), reason: 'closed' });
    expect(t.reason()).toBe('stream-down');
    // The position changed while the stream was cut: only the resync can tell.
    t.account.positions = long('0.5');
    t.account.fail = 1;
    t.events$.next({ type: 'connection', connected: true, at: Date.now(), gapSince: Date.now() - 1000 });
    await t.settle();
    expect(t.reason(true)).toBe('resync-pending');
    await jest.advanceTimersByTimeAsync(1000); // the failed read is retried after a backoff
    expect(t.adapter.allSymbolPositions).toHaveBeenCalledTimes(3);
    const reading = t.service.read(SYMBOL, true);
    expect(reading.fresh && reading.reading.state.positions.positions).toMatchObject([
      { direction: 'LONG', quantity: d('0.5') },
    ]);
    t.events$.next({ type: 'listenKeyExpired', eventTime: Date.now() });
    expect(t.reason(true)).toBe('listen-key-expired');
  });

  it('goes stale after a silence, and fresh again when the streams speak', async () => {
    const t = setup();
    await t.connect();
    t.mark(100);
    jest.setSystemTime(Date.now() + 10_001);
    expect(t.reason(true)).toBe('stream-silent');
    t.mark(100);
    expect(t.reason()).toBe('fresh');
    jest.setSystemTime(Date.now() + 5001);
    expect(t.reason()).toBe('mark-price-stale'); // the silence limit (10 s) is not reached yet
    expect(t.reason(true)).toBe('fresh');
  });

  it("moves the position at once on our own order's answer, before the stream confirms it", async () => {
    const t = setup();
    await t.connect();
    t.mark(100);
    jest.setSystemTime(Date.now() + 1000);
    t.mark(100);
    t.answer({ kind: 'order', result: filled('BUY', '0.2'), sentAt: Date.now() - 10 });
    const after = t.service.read(SYMBOL, true);
    expect(after.fresh && after.reading.state.positions.positions).toMatchObject([{ quantity: d('0.2') }]);
    // Unconfirmed by the stream for too long: no longer trusted.
    jest.setSystemTime(Date.now() + 3001);
    t.mark(100);
    expect(t.reason(true)).toBe('stream-lagging');
  });

  it('trusts nothing after a lost answer until a complete read sent once it can no longer execute', async () => {
    const t = setup();
    await t.connect();
    t.mark(100);
    const until = Date.now() + 2000;
    t.answer({ kind: 'unknown-outcome', symbol: SYMBOL, executableUntil: until });
    expect(t.reason(true)).toBe('position-uncertain');
    t.account.positions = long('0.1'); // it did execute
    await jest.advanceTimersByTimeAsync(1000);
    expect(t.reason(true)).toBe('position-uncertain');
    await jest.advanceTimersByTimeAsync(1500);
    const reading = t.service.read(SYMBOL, true);
    expect(reading.fresh && reading.reading.state.positions.positions).toMatchObject([{ quantity: d('0.1') }]);
  });

  it('forgets the position mode when an order is refused for its position side, and re-reads it', async () => {
    const t = setup();
    await t.connect();
    t.mark(100);
    t.answer({ kind: 'position-mode' });
    expect(t.reason(true)).toBe('symbol-unknown');
    await t.settle();
    expect(t.adapter.positionMode).toHaveBeenCalledTimes(2);
    expect(t.reason(true)).toBe('fresh');
  });

  it('answers stale while other instances share the database (their fills reach this one late)', async () => {
    const t = setup();
    await t.connect();
    t.mark(100);
    Object.assign(t.presence, { alone: false });
    expect(t.reason(true)).toBe('other-instances');
    expect(t.service.health()).toMatchObject({ fresh: false, staleReason: 'other-instances' });
  });

  it("takes a flow's own REST reads, only for the generation they were sent in", async () => {
    const t = setup();
    await t.connect();
    t.mark(100);
    const ticket = t.service.ticket();
    t.events$.next({ type: 'connection', connected: false, at: Date.now() });
    t.account.fail = 100; // the resync cannot happen
    t.events$.next({ type: 'connection', connected: true, at: Date.now() });
    await t.settle();
    t.service.applyReads(ticket, {
      balance: { wallet: d(900), available: d(900) },
      state: { positions: long('1'), mode: 'one-way' },
    });
    expect(t.reason(true)).toBe('resync-pending');
    t.service.onApplicationShutdown();
  });
});
