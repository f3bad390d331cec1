import Decimal from 'decimal.js';
import { inAccount } from '../exchange/account-context';
import type { ExchangePort } from '../exchange/exchange.port';
import type { AccountLiveStates } from './account-state/account-live-states';
import { AccountReader } from './account-reader.service';
import type { AccountReading } from './account-state/account-state';
import type { LiveAccountStateService } from './account-state/live-account-state.service';
import type { PositionsService, SymbolState } from './positions.service';

const d = (v: number) => new Decimal(v);
const state: SymbolState = {
  positions: { symbol: 'BTCUSDT', leverage: 5, marginType: 'CROSSED', positions: [] },
  mode: 'one-way',
  openOrders: [],
  conditionalOrders: [],
};
const reading: AccountReading = {
  balance: { wallet: d(1000), available: d(900) },
  quote: { symbol: 'BTCUSDT', price: d(50000), source: 'mark-price' },
  state,
};

function setup(fresh: boolean, kind: 'binance' | 'paper' = 'binance') {
  const exchange = {
    kind,
    usdtBalance: jest.fn(async () => reading.balance),
    price: jest.fn(async (symbol: string, entry?: Decimal) => ({
      symbol,
      price: entry ?? d(50010),
      source: entry ? ('signal-entry' as const) : ('exchange' as const),
    })),
    openConditionalOrders: jest.fn(async () => []),
  };
  const positions = {
    read: jest.fn(async () => ({ positions: state.positions, mode: state.mode })),
    readWithOrders: jest.fn(async () => state),
  };
  const live = {
    read: jest.fn(() => (fresh ? { fresh: true, reading } : { fresh: false, reason: 'stream-down' })),
    ticket: jest.fn(() => ({ generation: 1, sentAt: 0 })),
    applyReads: jest.fn(),
  };
  const reader = new AccountReader(
    exchange as unknown as ExchangePort,
    positions as unknown as PositionsService,
    live as unknown as LiveAccountStateService,
    { get: () => undefined } as unknown as AccountLiveStates,
  );
  return { reader, exchange, positions, live };
}

describe('AccountReader', () => {
  it('asks the exchange nothing when the live state is fresh (Binance: the mark price sizes)', async () => {
    const t = setup(true);
    expect(await t.reader.forOpen('BTCUSDT', d(49000))).toEqual({ ...reading, quote: reading.quote });
    expect(await t.reader.forClose('BTCUSDT')).toEqual({ state });
    expect(await t.reader.forTarget('BTCUSDT', true)).toMatchObject({ balance: reading.balance });
    for (const call of [t.exchange.usdtBalance, t.exchange.price, t.exchange.openConditionalOrders]) {
      expect(call).not.toHaveBeenCalled();
    }
    expect(t.positions.read).not.toHaveBeenCalled();
    expect(t.positions.readWithOrders).not.toHaveBeenCalled();
  });

  it("keeps paper's price, which follows the alert's entry when there is no market price", async () => {
    const t = setup(true, 'paper');
    const open = await t.reader.forOpen('BTCUSDT', d(49000));
    expect(open.quote).toEqual({ symbol: 'BTCUSDT', price: d(49000), source: 'signal-entry' });
    expect(t.exchange.price).toHaveBeenCalledWith('BTCUSDT', d(49000));
    expect(t.exchange.usdtBalance).not.toHaveBeenCalled();
  });

  it('reads over REST when stale, says why, and hands the answers to the live state', async () => {
    const t = setup(false);
    const open = await t.reader.forOpen('BTCUSDT', d(49000));
    expect(open).toMatchObject({ readOverRest: 'stream-down', quote: { source: 'signal-entry' } });
    expect(t.live.applyReads).toHaveBeenCalledWith(
      { generation: 1, sentAt: 0 },
      { balance: reading.balance, state: { positions: state.positions, mode: 'one-way', conditionalOrders: [] } },
    );
    await t.reader.forClose('BTCUSDT');
    expect(t.positions.readWithOrders).toHaveBeenCalledTimes(1);
    expect(t.live.applyReads).toHaveBeenCalledTimes(2);
  });

  it("never uses the default account's state for a bot's other account", async () => {
    const t = setup(true);
    const other = await inAccount({ accountId: 'other', exchange: t.exchange as unknown as ExchangePort }, () =>
      t.reader.forClose('BTCUSDT'),
    );
    expect(other.readOverRest).toBe('other-account');
    expect(t.live.read).not.toHaveBeenCalled();
    expect(t.live.applyReads).not.toHaveBeenCalled();
  });
});
