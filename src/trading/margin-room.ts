/**
 * What a new position's margin and opening fee must fit in (pure): the
 * available balance, plus, on a one-way reversal, the margin the closing half
 * of the same order frees, less that half's fee (and an isolated loss). In hedge mode the close and
 * the open go in one batch, which Binance may process in any order, so the
 * freed margin is not counted there. The fee rate is Binance's default taker
 * fee (fees.ts).
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
  if (!opposite || state.mode === 'hedge') return { available, deductions: new Decimal(0), takerFeeRate };
  // The margin a position holds is its entry value over its leverage; an
  // isolated position's loss comes out of it when it is closed (a cross
  // position's is already out of the available balance).
  const margin = opposite.quantity.mul(opposite.entryPrice).div(state.positions.leverage);
  const loss =
    state.positions.marginType === 'ISOLATED' ? Decimal.max(0, opposite.unrealizedPnl.neg()) : new Decimal(0);
  const closingFee = opposite.quantity.mul(price).mul(takerFeeRate);
  return { available: available.add(margin), deductions: closingFee.add(loss), takerFeeRate };
}
