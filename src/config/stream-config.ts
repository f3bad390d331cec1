/**
 * Settings of Binance's account streams (user data and mark prices), validated
 * at boot with the rest of the configuration.
 */
import { ConfigError, Env, integer, oneOf, read, url } from './env-readers';

export interface StreamConfig {
  /** BINANCE_STREAMS=off: no stream; the service reads the account over REST only. */
  enabled: boolean;
  /** The stream host (ws/wss); undefined = derived from the mode or BINANCE_FUTURES_URL. */
  url?: string;
  /** How often the listenKey is kept alive (Binance drops it after 60 minutes without). */
  keepAliveMs: number;
  /** A connection is replaced after this long (Binance cuts every connection at 24 hours). */
  renewAfterMs: number;
  /** Account events are back-filled from Binance's history this often (0 = only at boot and after gaps). */
  backfillEveryMs: number;
  /**
   * ACCOUNT_STATE=streams: a signal trades on the account state the streams hold while it is fresh (only
   * its orders go out); rest: the account is read over REST before every order, as with the streams off.
   */
  stateFromStreams: boolean;
  /** The streams' state is not trusted after this long without a message (mark prices come every second). */
  silenceLimitMs: number;
  /** A mark price older than this is not used to size an order. */
  markPriceMaxAgeMs: number;
}

export function parseStreamConfig(env: Env): StreamConfig {
  const raw = read(env, 'BINANCE_STREAMS')?.toLowerCase() ?? 'on';
  if (raw !== 'on' && raw !== 'off') throw new ConfigError('BINANCE_STREAMS', `must be on or off (got "${raw}")`);
  return {
    enabled: raw === 'on',
    url: url(env, 'BINANCE_STREAM_URL', ['ws', 'wss']),
    keepAliveMs: integer(env, 'BINANCE_LISTEN_KEY_KEEPALIVE_MS', 30 * 60_000, 1000, 50 * 60_000),
    renewAfterMs: integer(env, 'BINANCE_STREAM_RENEW_MS', 23 * 3_600_000, 1000, 23.5 * 3_600_000),
    backfillEveryMs: integer(env, 'ACCOUNT_EVENTS_BACKFILL_MS', 5 * 60_000, 0, 24 * 3_600_000),
    stateFromStreams: oneOf(env, 'ACCOUNT_STATE', ['streams', 'rest'] as const, 'streams') === 'streams',
    silenceLimitMs: integer(env, 'BINANCE_STREAM_SILENCE_MS', 10_000, 1000, 600_000),
    markPriceMaxAgeMs: integer(env, 'MARK_PRICE_MAX_AGE_MS', 5000, 1000, 60_000),
  };
}

/** Binance's futures stream hosts, and the one of a BINANCE_FUTURES_URL (same host, ws/wss). */
export const BINANCE_STREAM_LIVE_URL = 'wss://fstream.binance.com';
export const BINANCE_STREAM_TESTNET_URL = 'wss://fstream.binancefuture.com';

export function streamBaseUrl(config: StreamConfig, testnet: boolean, futuresUrl?: string): string {
  if (config.url) return config.url;
  if (futuresUrl) {
    const parsed = new URL(futuresUrl);
    return `${parsed.protocol === 'https:' ? 'wss' : 'ws'}://${parsed.host}`;
  }
  return testnet ? BINANCE_STREAM_TESTNET_URL : BINANCE_STREAM_LIVE_URL;
}
