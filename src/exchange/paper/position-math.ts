/**
 * The simulation's order and position arithmetic, as pure functions: which
 * quantities Binance accepts, how much of an order closes the held position
 * and how much opens, and the position (and realised PnL) after a fill.
 */
import Decimal from 'decimal.js';
import { reject } from './binance-rejection';
import type { CatalogueSymbol } from './market-catalogue';
import type { OrderSide, PositionSide } from '../../common/order-sides';

export interface EnginePosition {
  /** Signed like Binance's positionAmt: negative is short. */
  amount: Decimal;
  entryPrice: Decimal;
  /** Initial margin locked by the position. */
  margin: Decimal;
  updateTime: number;
}

/** The quantity of an order, checked against the symbol's precision and lot filters. */
export function validQuantity(s: CatalogueSymbol, raw: string, type: 'MARKET' | 'LIMIT'): Decimal {
  if (!/^-?\d+(\.\d+)?$/.test(raw)) throw reject.mandatory('quantity');
  const quantity = new Decimal(raw);
  if (quantity.lte(0)) throw reject.qtyNotPositive();
  if (quantity.decimalPlaces() > s.quantityPrecision) throw reject.precision();
  const lot = type === 'MARKET' ? s.marketLot : s.lot;
  const filter = type === 'MARKET' ? 'MARKET_LOT_SIZE' : 'LOT_SIZE';
  if (!quantity.sub(lot.minQty).mod(lot.stepSize).isZero() || quantity.lt(lot.minQty)) throw reject.filter(filter);
  // MARKET orders obey MARKET_LOT_SIZE, reduce-only ones too: above its maxQty
  // Binance answers -4005 (Filters, MARKET_LOT_SIZE:
  // https://developers.binance.com/docs/derivatives/usds-margined-futures/common-definition#filters).
  if (quantity.gt(lot.maxQty)) throw reject.qtyTooLarge();
  return quantity;
}

/** How much of an order reduces the held position, and how much opens or adds. */
export function splitOrder(
  held: Decimal,
  side: OrderSide,
  positionSide: PositionSide,
  quantity: Decimal,
  reduceOnly: boolean,
): { closing: Decimal; opening: Decimal } {
  if (positionSide !== 'BOTH') {
    const opens = (positionSide === 'LONG') === (side === 'BUY');
    if (opens) return { closing: new Decimal(0), opening: quantity };
    if (held.abs().lt(quantity)) throw reject.reduceOnly();
    return { closing: quantity, opening: new Decimal(0) };
  }
  const delta = side === 'BUY' ? quantity : quantity.neg();
  const reduces = !held.isZero() && held.isNegative() !== delta.isNegative();
  if (reduceOnly) {
    if (!reduces) throw reject.reduceOnly();
    return { closing: Decimal.min(quantity, held.abs()), opening: new Decimal(0) };
  }
  const closing = reduces ? Decimal.min(quantity, held.abs()) : new Decimal(0);
  return { closing, opening: quantity.sub(closing) };
}

/** The position after closing `closing` and opening `opening` at `price`, and the PnL realised. */
export function positionAfterFill(
  held: EnginePosition | undefined,
  side: OrderSide,
  closing: Decimal,
  opening: Decimal,
  price: Decimal,
  leverage: number,
  now: number,
): { position: EnginePosition | undefined; realizedPnl: Decimal } {
  let position = held ?? {
    amount: new Decimal(0),
    entryPrice: new Decimal(0),
    margin: new Decimal(0),
    updateTime: now,
  };
  let realizedPnl = new Decimal(0);
  if (closing.gt(0)) {
    const direction = position.amount.isNegative() ? -1 : 1;
    realizedPnl = closing.mul(price.sub(position.entryPrice)).mul(direction);
    const remaining = position.amount.abs().sub(closing);
    position = {
      amount: remaining.mul(direction),
      entryPrice: remaining.isZero() ? new Decimal(0) : position.entryPrice,
      margin: position.margin.mul(remaining).div(position.amount.abs()),
      updateTime: now,
    };
  }
  if (opening.gt(0)) {
    const size = position.amount.abs();
    position = {
      amount: position.amount.add(side === 'BUY' ? opening : opening.neg()),
      entryPrice: size.mul(position.entryPrice).add(opening.mul(price)).div(size.add(opening)),
      margin: position.margin.add(opening.mul(price).div(leverage)),
      updateTime: now,
    };
  }
  return { position: position.amount.isZero() ? undefined : position, realizedPnl };
}
