/**
 * The fake's routes for the rest of the account surface other clients use
 * (cancel one order, order and trade history, income, position information
 * v3, symbol configuration, order book), served from the same engine with
 * Binance's request weights.
 */
import {
  allOrders,
  DEPTH_LIMITS,
  orderBook,
  positionRiskV3,
  symbolConfig,
} from '../../src/exchange/paper/account-reads';
import type { RouteSpec } from './algo-routes';

export function accountRoutes(): RouteSpec[] {
  return [
    { method: 'delete', path: '/fapi/v1/order', weight: 1, signed: true, handler: (p, e) => e.cancelOrder(p) },
    { method: 'get', path: '/fapi/v1/allOrders', weight: 5, signed: true, handler: (p, e) => allOrders(e, p) },
    { method: 'get', path: '/fapi/v3/positionRisk', weight: 5, signed: true, handler: (p, e) => positionRiskV3(e, p) },
    { method: 'get', path: '/fapi/v1/symbolConfig', weight: 5, signed: true, handler: (p, e) => symbolConfig(e, p) },
    {
      method: 'get',
      path: '/fapi/v1/userTrades',
      weight: 5,
      signed: true,
      handler: (p, e) => e.history.userTrades(e.catalogue(p.symbol ?? ''), p),
    },
    { method: 'get', path: '/fapi/v1/income', weight: 30, signed: true, handler: (p, e) => e.history.income(p) },
    {
      method: 'get',
      path: '/fapi/v1/depth',
      weight: (p) => DEPTH_LIMITS[p.limit ?? '500'] ?? 2,
      signed: false,
      handler: (p, e) => orderBook(e, p),
    },
  ];
}
