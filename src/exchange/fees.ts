/**
 * The taker fee of a MARKET order, in one place: the paper engine (and so the
 * fake Binance) charges it, and sizing leaves room for it so that
 * balance_percentage 1.0 fits the balance. Binance's Regular-tier (VIP 0)
 * USDⓈ-M taker fee is 0.05% of the notional ("Fee Schedule of Binance
 * Futures", binance.com/en/fee/futureFee; fee = notional × rate). VIP tiers and
 * the BNB discount only lower it, so sizing with it is never short.
 */
export const DEFAULT_TAKER_FEE_RATE = '0.0005';
