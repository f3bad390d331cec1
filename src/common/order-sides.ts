/**
 * Binance's order sides and position sides. The exchange port, the paper engine, the account streams,
 * the account events and the notifications all speak of them, so they are defined here, below them all.
 */
export const ORDER_SIDES = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

/** BOTH in one-way mode; LONG or SHORT in hedge mode. */
export const POSITION_SIDES = ['BOTH', 'LONG', 'SHORT'] as const;
export type PositionSide = (typeof POSITION_SIDES)[number];
