/**
 * The sizing half of a signal's calculation record (price, quantities, the symbol's filters, the margin and fee
 * room), shared by the buy/sell and target-position flows; each adds what it was sized from (pure).
 */
import type { PriceQuote } from '../exchange/exchange.port';
import type { CalculationRecord } from '../journal/signal-record';
import { MarginRoom, roomForMarginAndFee, Sizing } from './position-sizing';

export type SizingRecord = Omit<
  CalculationRecord,
  | 'balance'
  | 'balanceSource'
  | 'balancePercentage'
  | 'sizingMode'
  | 'sizingValue'
  | 'stopPrice'
  | 'riskCapped'
  | 'leverage'
>;

export function sizingRecord(sizing: Sizing, quote: PriceQuote, room: MarginRoom): SizingRecord {
  return {
    price: quote.price,
    priceSource: quote.source,
    positionValue: sizing.positionValue,
    rawQuantity: sizing.rawQuantity,
    quantity: sizing.quantity,
    notional: sizing.notional,
    stepSize: sizing.stepSize,
    minQty: sizing.minQty,
    maxQty: sizing.maxQty,
    minNotional: sizing.minNotional,
    capped: sizing.capped,
    availableBalance: roomForMarginAndFee(room),
    takerFeeRate: room.takerFeeRate,
    openingFee: sizing.openingFee,
    feeCapped: sizing.feeCapped,
    cappedBy: sizing.cappedBy,
    maxNotional: sizing.maxNotional,
  };
}
