/**
 * Binance's two margin types. The configured default (DEFAULT_MARGIN_TYPE), the alert's margin_type and
 * the exchange port all speak of them, so they are defined here, below all three.
 */
export const MARGIN_TYPES = ['ISOLATED', 'CROSSED'] as const;
export type MarginType = (typeof MARGIN_TYPES)[number];
