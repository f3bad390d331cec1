/**
 * The symbols the paper engine (and the fake Binance server built on it)
 * trades, with exchangeInfo filters as Binance publishes them for the real
 * contracts, their maximum leverage and a reference price for when no market
 * data is available.
 */
export interface CatalogueSymbol {
  symbol: string;
  baseAsset: string;
  status: 'TRADING' | 'SETTLING' | 'PENDING_TRADING' | 'BREAK';
  contractType: 'PERPETUAL' | 'CURRENT_QUARTER' | 'NEXT_QUARTER';
  pricePrecision: number;
  quantityPrecision: number;
  tickSize: string;
  minPrice: string;
  maxPrice: string;
  lot: { stepSize: string; minQty: string; maxQty: string };
  marketLot: { stepSize: string; minQty: string; maxQty: string };
  minNotional: string;
  maxLeverage: number;
  /** Largest position notional at maxLeverage, for symbols without a published bracket table (leverage-brackets.ts). */
  baseNotionalCap: number;
  referencePrice: string;
}

export const MARKET_CATALOGUE: CatalogueSymbol[] = [
  { symbol: 'BTCUSDT', baseAsset: 'BTC', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 2, quantityPrecision: 3, tickSize: '0.10', minPrice: '261.10', maxPrice: '809484', lot: { stepSize: '0.001', minQty: '0.001', maxQty: '1000' }, marketLot: { stepSize: '0.001', minQty: '0.001', maxQty: '120' }, minNotional: '100', maxLeverage: 125, baseNotionalCap: 300_000, referencePrice: '50000' },
  { symbol: 'ETHUSDT', baseAsset: 'ETH', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 2, quantityPrecision: 3, tickSize: '0.01', minPrice: '39.86', maxPrice: '306177', lot: { stepSize: '0.001', minQty: '0.001', maxQty: '10000' }, marketLot: { stepSize: '0.001', minQty: '0.001', maxQty: '2000' }, minNotional: '20', maxLeverage: 100, baseNotionalCap: 10_000, referencePrice: '2500' },
  { symbol: 'SOLUSDT', baseAsset: 'SOL', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 4, quantityPrecision: 0, tickSize: '0.0100', minPrice: '0.4200', maxPrice: '6857', lot: { stepSize: '1', minQty: '1', maxQty: '1000000' }, marketLot: { stepSize: '1', minQty: '1', maxQty: '5000' }, minNotional: '5', maxLeverage: 100, baseNotionalCap: 100_000, referencePrice: '150' },
  { symbol: 'XRPUSDT', baseAsset: 'XRP', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 4, quantityPrecision: 1, tickSize: '0.0001', minPrice: '0.0143', maxPrice: '100000', lot: { stepSize: '0.1', minQty: '0.1', maxQty: '10000000' }, marketLot: { stepSize: '0.1', minQty: '0.1', maxQty: '2000000' }, minNotional: '5', maxLeverage: 75, baseNotionalCap: 100_000, referencePrice: '0.6' },
  { symbol: 'DOGEUSDT', baseAsset: 'DOGE', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 6, quantityPrecision: 0, tickSize: '0.000010', minPrice: '0.002440', maxPrice: '30', lot: { stepSize: '1', minQty: '1', maxQty: '50000000' }, marketLot: { stepSize: '1', minQty: '1', maxQty: '30000000' }, minNotional: '5', maxLeverage: 75, baseNotionalCap: 100_000, referencePrice: '0.15' },
  { symbol: '1000PEPEUSDT', baseAsset: '1000PEPE', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 7, quantityPrecision: 0, tickSize: '0.0000001', minPrice: '0.0000190', maxPrice: '0.2000000', lot: { stepSize: '1', minQty: '1', maxQty: '80000000' }, marketLot: { stepSize: '1', minQty: '1', maxQty: '20000000' }, minNotional: '5', maxLeverage: 50, baseNotionalCap: 50_000, referencePrice: '0.01' },
  { symbol: 'BNBUSDT', baseAsset: 'BNB', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 3, quantityPrecision: 2, tickSize: '0.010', minPrice: '6.600', maxPrice: '100000', lot: { stepSize: '0.01', minQty: '0.01', maxQty: '100000' }, marketLot: { stepSize: '0.01', minQty: '0.01', maxQty: '2000' }, minNotional: '5', maxLeverage: 75, baseNotionalCap: 100_000, referencePrice: '600' },
  { symbol: 'ADAUSDT', baseAsset: 'ADA', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 4, quantityPrecision: 0, tickSize: '0.0001', minPrice: '0.0176', maxPrice: '2000', lot: { stepSize: '1', minQty: '1', maxQty: '10000000' }, marketLot: { stepSize: '1', minQty: '1', maxQty: '500000' }, minNotional: '5', maxLeverage: 75, baseNotionalCap: 100_000, referencePrice: '0.45' },
  { symbol: 'LINKUSDT', baseAsset: 'LINK', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 3, quantityPrecision: 2, tickSize: '0.001', minPrice: '0.460', maxPrice: '5000', lot: { stepSize: '0.01', minQty: '0.01', maxQty: '1000000' }, marketLot: { stepSize: '0.01', minQty: '0.01', maxQty: '20000' }, minNotional: '20', maxLeverage: 75, baseNotionalCap: 100_000, referencePrice: '14' },
  { symbol: 'LTCUSDT', baseAsset: 'LTC', status: 'TRADING', contractType: 'PERPETUAL', pricePrecision: 2, quantityPrecision: 3, tickSize: '0.01', minPrice: '3.61', maxPrice: '100000', lot: { stepSize: '0.001', minQty: '0.001', maxQty: '100000' }, marketLot: { stepSize: '0.001', minQty: '0.001', maxQty: '5000' }, minNotional: '20', maxLeverage: 75, baseNotionalCap: 100_000, referencePrice: '85' },
  { symbol: 'BTCUSDT_261225', baseAsset: 'BTC', status: 'TRADING', contractType: 'CURRENT_QUARTER', pricePrecision: 1, quantityPrecision: 3, tickSize: '0.1', minPrice: '576.3', maxPrice: '1000000', lot: { stepSize: '0.001', minQty: '0.001', maxQty: '500' }, marketLot: { stepSize: '0.001', minQty: '0.001', maxQty: '10' }, minNotional: '5', maxLeverage: 50, baseNotionalCap: 100_000, referencePrice: '50500' },
  { symbol: 'LUNAUSDT', baseAsset: 'LUNA', status: 'SETTLING', contractType: 'PERPETUAL', pricePrecision: 4, quantityPrecision: 0, tickSize: '0.0001', minPrice: '0.0010', maxPrice: '200', lot: { stepSize: '1', minQty: '1', maxQty: '1000000' }, marketLot: { stepSize: '1', minQty: '1', maxQty: '100000' }, minNotional: '5', maxLeverage: 20, baseNotionalCap: 25_000, referencePrice: '0.5' },
];

/** exchangeInfo's JSON for the catalogue, shaped as Binance sends it. */
export function exchangeInfoJson(serverTime: number): unknown {
  return {
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
    symbols: MARKET_CATALOGUE.map((s) => ({
      symbol: s.symbol,
      pair: s.symbol.replace(/_\d+$/, ''),
      contractType: s.contractType,
      deliveryDate: s.contractType === 'PERPETUAL' ? 4133404800000 : 1798185600000,
      onboardDate: 1569398400000,
      status: s.status,
      maintMarginPercent: '2.5000',
      requiredMarginPercent: '5.0000',
      baseAsset: s.baseAsset,
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      pricePrecision: s.pricePrecision,
      quantityPrecision: s.quantityPrecision,
      baseAssetPrecision: 8,
      quotePrecision: 8,
      underlyingType: 'COIN',
      underlyingSubType: [],
      triggerProtect: '0.0500',
      liquidationFee: '0.012500',
      marketTakeBound: '0.05',
      maxMoveOrderLimit: 10000,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: s.minPrice, maxPrice: s.maxPrice, tickSize: s.tickSize },
        { filterType: 'LOT_SIZE', stepSize: s.lot.stepSize, minQty: s.lot.minQty, maxQty: s.lot.maxQty },
        { filterType: 'MARKET_LOT_SIZE', stepSize: s.marketLot.stepSize, minQty: s.marketLot.minQty, maxQty: s.marketLot.maxQty },
        { filterType: 'MAX_NUM_ORDERS', limit: 200 },
        { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
        { filterType: 'MIN_NOTIONAL', notional: s.minNotional },
        { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
      ],
      orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
      timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    })),
  };
}
