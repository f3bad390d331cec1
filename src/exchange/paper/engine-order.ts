/** A regular (non-conditional) order as the paper futures engine keeps it, in Binance's fields. */
import type Decimal from 'decimal.js';
import type { OrderSide, PositionSide } from '../../common/order-sides';

export interface EngineOrder {
  orderId: number;
  symbol: string;
  clientOrderId: string;
  side: OrderSide;
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
