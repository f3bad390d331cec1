/**
 * The break-even stop price (pure): the entry price moved by the fees paid,
 * the opening fee already paid and the closing fee the stop itself will pay,
 * so that a stop at this price leaves the trade at no loss:
 *   long:  entry × (1 + fee) / (1 − fee), rounded UP to the tick
 *   short: entry × (1 − fee) / (1 + fee), rounded DOWN to the tick
 */
import Decimal from 'decimal.js';
import type { PositionDirection } from '../../exchange/exchange.port';

export function breakEvenPrice(
  direction: PositionDirection,
  entry: Decimal,
  takerFeeRate: Decimal,
  tickSize: Decimal,
  minPrice: Decimal,
): Decimal {
  const one = new Decimal(1);
  const raw =
    direction === 'LONG'
      ? entry.mul(one.add(takerFeeRate)).div(one.sub(takerFeeRate))
      : entry.mul(one.sub(takerFeeRate)).div(one.add(takerFeeRate));
  if (tickSize.lte(0)) return raw;
  const ticks = raw.sub(minPrice).div(tickSize);
  const rounded = direction === 'LONG' ? ticks.ceil() : ticks.floor();
  return minPrice.add(rounded.mul(tickSize));
}
