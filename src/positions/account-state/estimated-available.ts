/**
 * The USDT available for new margin, from what the streams tell (pure):
 * ACCOUNT_UPDATE carries the wallet balance but not the available balance
 * GET /fapi/v2/balance answers, so it is worked out the way the exchange does:
 * the wallet, less the initial margin of every position (entry value over
 * leverage) and of every resting order, plus the unrealized PnL of cross
 * positions (an isolated position's loss stays in its own margin).
 */
import Decimal from 'decimal.js';
import type { MarginType } from '../../common/margin-types';

export interface MarginedPosition {
  amount: Decimal;
  entryPrice: Decimal;
  markPrice: Decimal;
  leverage: number;
  marginType: MarginType;
}

export interface MarginedOrder {
  quantity: Decimal;
  price: Decimal;
  leverage: number;
}

export function estimatedAvailable(wallet: Decimal, positions: MarginedPosition[], orders: MarginedOrder[]): Decimal {
  let available = wallet;
  for (const p of positions) {
    available = available.sub(p.amount.abs().mul(p.entryPrice).div(p.leverage));
    if (p.marginType === 'CROSSED') available = available.add(p.amount.mul(p.markPrice.sub(p.entryPrice)));
  }
  for (const o of orders) available = available.sub(o.quantity.mul(o.price).div(o.leverage));
  return available;
}
