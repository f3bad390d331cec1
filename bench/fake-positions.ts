/**
 * How the benchmark sets a symbol's position on the fake between signals:
 * through orders on the simulated account, as a trader's own app would, so
 * that Binance's user-data stream tells the service (deleting the position
 * behind the stream's back would leave a stream-fed service with a position
 * Binance no longer has). After a change the bench waits a moment, outside the
 * measured time, for the stream to arrive: the targets are for a fresh state.
 */
import { FuturesEngine } from '../src/exchange/paper/futures-engine';

/** Long enough for a stream message over loopback to reach the service and be applied. */
export const STREAM_SETTLE_MS = 15;

export const OPEN_QUANTITY: Record<string, string> = {
  BTCUSDT: '0.01',
  ETHUSDT: '0.1',
  SOLUSDT: '2',
  XRPUSDT: '100',
  DOGEUSDT: '500',
  '1000PEPEUSDT': '10000',
  BNBUSDT: '0.5',
  ADAUSDT: '100',
  LINKUSDT: '5',
  LTCUSDT: '1',
};

let sequence = 0;

function clientId(): string {
  sequence += 1;
  return `bench-${sequence}-${Date.now() % 1e9}`;
}

/** Closes every position of a symbol with market orders; answers whether anything changed. */
export function flatten(engine: FuturesEngine, symbol: string): boolean {
  let changed = false;
  for (const [key, position] of [...engine.positions]) {
    if (!key.startsWith(`${symbol}|`) || position.amount.isZero()) continue;
    const positionSide = key.slice(symbol.length + 1);
    engine.newOrder({
      symbol,
      side: position.amount.gt(0) ? 'SELL' : 'BUY',
      type: 'MARKET',
      quantity: position.amount.abs().toString(),
      ...(positionSide === 'BOTH' ? { reduceOnly: 'true' } : { positionSide }),
      newClientOrderId: clientId(),
    });
    changed = true;
  }
  return changed;
}

/** Flattens a symbol, then opens a long of the bench's usual size (one-way mode). */
export function openLong(engine: FuturesEngine, symbol: string): void {
  flatten(engine, symbol);
  engine.newOrder({
    symbol,
    side: 'BUY',
    type: 'MARKET',
    quantity: OPEN_QUANTITY[symbol] ?? '1',
    newClientOrderId: clientId(),
  });
}

export function settle(ms = STREAM_SETTLE_MS): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
