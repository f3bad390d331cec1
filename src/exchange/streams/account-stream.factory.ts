/** Picks the account stream of an exchange adapter: Binance's WebSocket streams, the paper engine's, or none. */
import type { AppConfig } from '../../config/app-config';
import { streamBaseUrl } from '../../config/stream-config';
import type { ManagedExchange } from '../exchange.factory';
import type { AccountStreamSource } from './account-stream.port';
import { BinanceAccountStream } from './binance/binance-account.stream';
import { DisabledAccountStream } from './disabled-account.stream';
import { PaperAccountStream } from './paper-account.stream';

export function createAccountStream(config: AppConfig, adapter: ManagedExchange): AccountStreamSource {
  if (!config.streams.enabled) return new DisabledAccountStream();
  if (adapter.kind === 'paper') {
    const engine = adapter.engine;
    return new PaperAccountStream(engine.stream, (symbol) => engine.events.markPricePayload(symbol));
  }
  return new BinanceAccountStream(adapter, {
    baseUrl: streamBaseUrl(config.streams, adapter.venue.mode === 'testnet', adapter.baseUrl),
    keepAliveMs: config.streams.keepAliveMs,
    renewAfterMs: config.streams.renewAfterMs,
  });
}
