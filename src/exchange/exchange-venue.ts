/**
 * Where orders go: paper (the in-process simulation, no exchange host), or
 * Binance testnet or live and the host the requests are sent to. Every
 * webhook answer, health, positions and the boot log show it, so a trader
 * always knows whether an answer was real money.
 */
import type { ExchangeMode } from '../config/app-config';

/** binance-api-node's futures base URLs (live, and `testnet: true`: Binance's demo trading). */
export const BINANCE_FUTURES_LIVE_URL = 'https://fapi.binance.com';
export const BINANCE_FUTURES_TESTNET_URL = 'https://demo-fapi.binance.com';

export interface ExchangeVenue {
  mode: ExchangeMode;
  /** The exchange host orders are sent to; null in paper mode, where no order leaves the service. */
  host: string | null;
}

export function binanceVenue(testnet: boolean, baseUrl?: string): ExchangeVenue {
  const url = baseUrl ?? (testnet ? BINANCE_FUTURES_TESTNET_URL : BINANCE_FUTURES_LIVE_URL);
  return { mode: testnet ? 'testnet' : 'live', host: new URL(url).host };
}

export const PAPER_VENUE: ExchangeVenue = { mode: 'paper', host: null };

/** One line for logs: "live on fapi.binance.com (real orders)". */
export function describeVenue(venue: ExchangeVenue): string {
  if (venue.mode === 'paper') return 'paper (simulated account: no order reaches Binance)';
  const stakes = venue.mode === 'live' ? 'real orders, real money' : 'Binance test account';
  return `${venue.mode} on ${venue.host} (${stakes})`;
}
