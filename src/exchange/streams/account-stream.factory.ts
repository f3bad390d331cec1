/** Picks the account stream of an exchange adapter: Binance's WebSocket streams, the paper engine's, or none. */
import type { AppConfig } from '../../config/app-config';
import { streamBaseUrl } from '../../config/stream-config';
import type { ManagedExchange } from '../exchange.factory';
import type { AccountStreamSource } from './account-stream.port';
import { BinanceAccountStream } from './binance/binance-account.stream';
import { DisabledAccountStream } from './disabled-account.stream';
import { PaperAccountStream } from './paper-account.stream';
import type { MarkPriceHub } from './mark-price-hub';

/** `markPrices`: the service's shared mark-price connections (without it, the stream opens its own). */
export function createAccountStream(
  config: AppConfig,
  adapter: ManagedExchange,
  markPrices?: MarkPriceHub,
): AccountStreamSource {
  if (!config.streams.enabled) return new DisabledAccountStream();
  if (adapter.kind === 'paper') {
    const engine = adapter.engine;
    return new PaperAccountStream(engine.stream, (symbol) => engine.events.markPricePayload(symbol));
  }
  const baseUrl = streamBaseUrl(config.streams, adapter.venue.mode === 'testnet', adapter.baseUrl);
  const settings = {
    baseUrl,
    keepAliveMs: config.streams.keepAliveMs,
    renewAfterMs: config.streams.renewAfterMs,
    attempts: markPrices?.attempts,
  };
  return new BinanceAccountStream(adapter, settings, markPrices?.forHost(baseUrl, settings.renewAfterMs));
}
