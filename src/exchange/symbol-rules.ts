/**
 * A symbol's trading rules as exchangeInfo states them, parsed into decimals
 * once (pure). Sizing rounds to these; nothing here talks to the network.
 */
import Decimal from 'decimal.js';

export interface SymbolRules {
  symbol: string;
  status: string;
  contractType: string;
  baseAsset: string;
  quoteAsset: string;
  pricePrecision: number;
  quantityPrecision: number;
  tickSize: Decimal;
  minPrice: Decimal;
  maxPrice: Decimal;
  /** LOT_SIZE: limit orders. */
  lotStepSize: Decimal;
  lotMinQty: Decimal;
  lotMaxQty: Decimal;
  /** MARKET_LOT_SIZE: market orders (falls back to LOT_SIZE when absent). */
  marketStepSize: Decimal;
  marketMinQty: Decimal;
  marketMaxQty: Decimal;
  /** MIN_NOTIONAL's `notional`. */
  minNotional: Decimal;
}

interface RawFilter {
  filterType: string;
  [key: string]: unknown;
}

export interface RawExchangeSymbol {
  symbol: string;
  status: string;
  contractType: string;
  baseAsset: string;
  quoteAsset: string;
  pricePrecision: number;
  quantityPrecision: number;
  filters: RawFilter[];
}

function decimalField(filter: RawFilter | undefined, key: string, fallback: string): Decimal {
  const value = filter?.[key];
  return new Decimal(typeof value === 'string' || typeof value === 'number' ? value : fallback);
}

export function parseSymbolRules(raw: RawExchangeSymbol): SymbolRules {
  const filter = (type: string) => raw.filters.find((f) => f.filterType === type);
  const lot = filter('LOT_SIZE');
  const market = filter('MARKET_LOT_SIZE') ?? lot;
  const price = filter('PRICE_FILTER');
  const notional = filter('MIN_NOTIONAL');
  return {
    symbol: raw.symbol,
    status: raw.status,
    contractType: raw.contractType,
    baseAsset: raw.baseAsset,
    quoteAsset: raw.quoteAsset,
    pricePrecision: raw.pricePrecision,
    quantityPrecision: raw.quantityPrecision,
    tickSize: decimalField(price, 'tickSize', '0'),
    minPrice: decimalField(price, 'minPrice', '0'),
    maxPrice: decimalField(price, 'maxPrice', '0'),
    lotStepSize: decimalField(lot, 'stepSize', '0'),
    lotMinQty: decimalField(lot, 'minQty', '0'),
    lotMaxQty: decimalField(lot, 'maxQty', '0'),
    marketStepSize: decimalField(market, 'stepSize', '0'),
    marketMinQty: decimalField(market, 'minQty', '0'),
    marketMaxQty: decimalField(market, 'maxQty', '0'),
    minNotional: decimalField(notional, 'notional', '0'),
  };
}

/** A symbol signals may trade: a perpetual contract currently trading. */
export function isTradablePerpetual(rules: SymbolRules): boolean {
  return rules.status === 'TRADING' && rules.contractType === 'PERPETUAL';
}
