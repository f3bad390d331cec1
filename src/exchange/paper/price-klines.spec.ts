import Decimal from 'decimal.js';
import { BinanceRejection } from './binance-rejection';
import { FuturesEngine } from './futures-engine';
import { klineRequest, klinesOfPath, klinesWeight, PricePoint } from './price-klines';

const MIN = 60_000;
const point = (time: number, price: string, quantity = '0'): PricePoint => ({
  time,
  price: new Decimal(price),
  quantity: new Decimal(quantity),
});

function code(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    if (error instanceof BinanceRejection) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('klines of the paper price path', () => {
  const path = [point(0, '100'), point(30_000, '105', '2'), point(50_000, '99'), point(3 * MIN + 1, '101', '1')];

  it('builds open, high, low, close and volume per interval, repeating the last price where nothing moved', () => {
    const klines = klinesOfPath(path, klineRequest({ interval: '1m', limit: '10' }), 3 * MIN + 5_000);
    expect(klines.map((k) => k.slice(0, 6))).toEqual([
      [0, '100', '105', '99', '99', '2'],
      [MIN, '99', '99', '99', '99', '0'],
      [2 * MIN, '99', '99', '99', '99', '0'],
      [3 * MIN, '99', '101', '99', '101', '1'],
    ]);
    expect(klines[0][6]).toBe(MIN - 1);
    expect(klines[0][7]).toBe('210');
    expect(klines[0][8]).toBe(1);
  });

  it('answers the most recent `limit` klines, or those from startTime', () => {
    const now = 3 * MIN + 5_000;
    expect(klinesOfPath(path, klineRequest({ interval: '1m', limit: '2' }), now).map((k) => k[0])).toEqual([
      2 * MIN,
      3 * MIN,
    ]);
    const from = klinesOfPath(path, klineRequest({ interval: '1m', limit: '2', startTime: String(MIN) }), now);
    expect(from.map((k) => k[0])).toEqual([MIN, 2 * MIN]);
  });

  it('opens weekly klines on Mondays and monthly ones on the first of the month (UTC)', () => {
    const wednesday = Date.UTC(2026, 10, 25, 12);
    const weekly = klinesOfPath([point(wednesday, '1')], klineRequest({ interval: '1w' }), wednesday);
    expect(new Date(weekly[0][0]).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    const monthly = klinesOfPath([point(wednesday, '1')], klineRequest({ interval: '1M' }), wednesday);
    expect(new Date(monthly[0][0]).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(new Date(monthly[0][6] + 1).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('refuses what Binance refuses', () => {
    expect(code(() => klineRequest({}))).toBe(-1102);
    expect(code(() => klineRequest({ interval: '2m' }))).toBe(-1120);
    expect(code(() => klineRequest({ interval: '1m', limit: '1501' }))).toBe(-1130);
    expect(code(() => klineRequest({ interval: '1m', limit: '0' }))).toBe(-1130);
    expect(code(() => klineRequest({ interval: '1m', startTime: 'x' }))).toBe(-1100);
    expect(code(() => klineRequest({ interval: '1m', startTime: '2', endTime: '1' }))).toBe(-1023);
    expect(code(() => new FuturesEngine().klines({ interval: '1m' }))).toBe(-1102);
    expect(code(() => new FuturesEngine().klines({ symbol: 'NOPEUSDT', interval: '1m' }))).toBe(-1121);
  });

  it('charges the weight Binance charges for the limit', () => {
    expect([undefined, '99', '100', '499', '500', '1000', '1001'].map(klinesWeight)).toEqual([5, 1, 2, 2, 5, 5, 10]);
  });

  it('the engine records price moves and fills, from its start', () => {
    let now = 10 * MIN;
    const engine = new FuturesEngine({ walletUsdt: '10000', takerFeeRate: '0', now: () => now });
    now += MIN;
    engine.setPrice('BTCUSDT', '51000');
    engine.newOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
    const klines = engine.klines({ symbol: 'BTCUSDT', interval: '1m' }) as unknown[][];
    expect(klines.map((k) => k.slice(0, 6))).toEqual([
      [10 * MIN, '50000', '50000', '50000', '50000', '0'],
      [11 * MIN, '50000', '51000', '50000', '51000', '0.01'],
    ]);
  });
});
