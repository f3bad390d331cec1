/**
 * The fake's routes for Binance's Algo Order service (conditional orders),
 * served from the engine's algo book, with Binance's request weights.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/New-Algo-Order
 */
import type { FuturesEngine, Params } from '../../src/exchange/paper/futures-engine';

export interface RouteSpec {
  method: 'get' | 'post' | 'delete';
  path: string;
  /** Request weight, fixed or depending on the parameters (e.g. with or without a symbol). */
  weight: number | ((params: Params) => number);
  signed: boolean;
  /** Runs on the engine of the account the request's API key names. */
  handler: (params: Params, engine: FuturesEngine) => unknown;
}

export function algoOrderRoutes(): RouteSpec[] {
  return [
    // New Algo Order: weight 0 on the IP limit.
    { method: 'post', path: '/fapi/v1/algoOrder', weight: 0, signed: true, handler: (p, e) => e.newAlgoOrder(p) },
    { method: 'get', path: '/fapi/v1/algoOrder', weight: 1, signed: true, handler: (p, e) => e.queryAlgoOrder(p) },
    { method: 'delete', path: '/fapi/v1/algoOrder', weight: 1, signed: true, handler: (p, e) => e.cancelAlgoOrder(p) },
    // Current All Algo Open Orders: 1 for a single symbol, 40 when the symbol is omitted.
    {
      method: 'get',
      path: '/fapi/v1/openAlgoOrders',
      weight: (p) => (p.symbol ? 1 : 40),
      signed: true,
      handler: (p, e) => e.openAlgoOrders(p),
    },
    {
      method: 'delete',
      path: '/fapi/v1/algoOpenOrders',
      weight: 1,
      signed: true,
      handler: (p, e) => e.cancelAllAlgoOpenOrders(p),
    },
  ];
}
