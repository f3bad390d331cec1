/**
 * Splits one MARKET quantity into the orders Binance accepts (pure). Binance
 * refuses a MARKET order above MARKET_LOT_SIZE maxQty (-4005), reduce-only ones
 * included, so a larger quantity goes out as several orders of at most maxQty.
 * When the last piece would be under minQty (possible where minQty is more
 * than one step) the piece before it gives up the difference.
 */
import Decimal from 'decimal.js';

export interface LotLimits {
  marketStepSize: Decimal;
  marketMinQty: Decimal;
  /** 0 means no maximum. */
  marketMaxQty: Decimal;
}

export function splitAtMaxQty(quantity: Decimal, lot: LotLimits): Decimal[] {
  const max = lot.marketMaxQty;
  if (max.lte(0) || quantity.lte(max)) return [quantity];
  const pieces: Decimal[] = [];
  let left = quantity;
  while (left.gt(max)) {
    pieces.push(max);
    left = left.sub(max);
  }
  if (left.gt(0)) pieces.push(left);
  const last = pieces[pieces.length - 1];
  if (pieces.length > 1 && last.lt(lot.marketMinQty)) {
    const shortfall = lot.marketMinQty.sub(last);
    pieces[pieces.length - 2] = pieces[pieces.length - 2].sub(shortfall);
    pieces[pieces.length - 1] = lot.marketMinQty;
  }
  return pieces;
}
