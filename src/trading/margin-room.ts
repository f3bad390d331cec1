/**
 * What a new position's margin and opening fee must fit in (pure): the
 * available balance, plus, on a reversal, the margin the close frees, less the
 * close's fee (and an isolated loss). A one-way reversal frees it within its
 * one order; a hedge reversal's open never counts on it inside a batch (Binance
 * checks batch items against the account before the batch), so when the open
 * needs it the close goes first (TradingService.plan). The fee rate is
 * Binance's default taker fee (fees.ts).
 */
import Decimal from 'decimal.js';
import type { OpenPosition } from '../exchange/exchange.port';
import { DEFAULT_TAKER_FEE_RATE } from '../exchange/fees';
import type { SymbolState } from '../positions/positions.service';
import type { MarginRoom } from './position-sizing';

export function marginRoom(
  available: Decimal,
  state: SymbolState,
  opposite: OpenPosition | undefined,
  price: Decimal,
): MarginRoom {
  const takerFeeRate = new Decimal(DEFAULT_TAKER_FEE_RATE);
  if (!opposite) return { available, deductions: new Decimal(0), takerFeeRate };
  // The margin a position holds is its entry value over its leverage; an
  // isolated position's loss comes out of it when it is closed (a cross
  // position's is already out of the available balance).
  const margin = opposite.quantity.mul(opposite.entryPrice).div(state.positions.leverage);
  const loss =
    state.positions.marginType === 'ISOLATED' ? Decimal.max(0, opposite.unrealizedPnl.neg()) : new Decimal(0);
  const closingFee = opposite.quantity.mul(price).mul(takerFeeRate);
  return { available: available.add(margin), deductions: closingFee.add(loss), takerFeeRate };
}
