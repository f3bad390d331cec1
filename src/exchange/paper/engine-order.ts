/** A regular (non-conditional) order as the paper futures engine keeps it, in Binance's fields. */
import type Decimal from 'decimal.js';
import type { PositionSide, Side } from './position-math';

export interface EngineOrder {
  orderId: number;
  symbol: string;
  clientOrderId: string;
  side: Side;
  positionSide: PositionSide;
  type: 'MARKET' | 'LIMIT';
  status: 'NEW' | 'FILLED' | 'CANCELED';
  price: Decimal;
  origQty: Decimal;
  executedQty: Decimal;
  avgPrice: Decimal;
  reduceOnly: boolean;
  timeInForce: string;
  time: number;
  updateTime: number;
}
