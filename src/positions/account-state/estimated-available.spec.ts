/**
 * The available balance worked out from what the streams tell matches what the
 * simulated exchange answers in GET /fapi/v2/balance, over random accounts:
 * cross and isolated positions at several leverages, both directions, moved
 * prices, resting orders.
 */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { FuturesEngine } from '../../exchange/paper/futures-engine';
import { estimatedAvailable } from './estimated-available';

const SYMBOLS = [
  { symbol: 'BTCUSDT', quantity: '0.01', price: 50_000 },
  { symbol: 'ETHUSDT', quantity: '0.1', price: 2_500 },
  { symbol: 'SOLUSDT', quantity: '1', price: 150 },
];

describe('estimatedAvailable', () => {
  it('equals the exchange’s available balance', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            which: fc.integer({ min: 0, max: 2 }),
            leverage: fc.constantFrom(2, 5, 10, 20),
            isolated: fc.boolean(),
            lots: fc.integer({ min: -5, max: 5 }).filter((n) => n !== 0),
            move: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
            restingLots: fc.integer({ min: 0, max: 3 }),
          }),
          { maxLength: 3 },
        ),
        (trades) => {
          const engine = new FuturesEngine({ walletUsdt: '100000' });
          const used = new Set<string>();
          for (const t of trades) {
            const s = SYMBOLS[t.which];
            if (used.has(s.symbol)) continue;
            used.add(s.symbol);
            engine.setLeverage({ symbol: s.symbol, leverage: String(t.leverage) });
            if (t.isolated) engine.setMarginType({ symbol: s.symbol, marginType: 'ISOLATED' });
            const quantity = new Decimal(s.quantity).mul(Math.abs(t.lots)).toString();
            engine.newOrder({ symbol: s.symbol, side: t.lots > 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity });
            if (t.restingLots) {
              const price = new Decimal(s.price).mul('0.8').toDecimalPlaces(1).toString();
              const resting = new Decimal(s.quantity).mul(t.restingLots).toString();
              engine.newOrder({
                symbol: s.symbol,
                side: 'BUY',
                type: 'LIMIT',
                quantity: resting,
                price,
                timeInForce: 'GTC',
              });
            }
            engine.setPrice(s.symbol, new Decimal(s.price).mul(t.move.toFixed(4)).toDecimalPlaces(1));
          }
          const positions = [...engine.positions].map(([key, p]) => {
            const symbol = key.split('|')[0];
            const setting = engine.setting(symbol);
            return {
              amount: p.amount,
              entryPrice: p.entryPrice,
              markPrice: engine.priceOf(symbol),
              leverage: setting.leverage,
              marginType: setting.marginType,
            };
          });
          const orders = engine.openOrderList().map((o) => ({
            quantity: o.origQty,
            price: o.price,
            leverage: engine.setting(o.symbol).leverage,
          }));
          expect(estimatedAvailable(engine.wallet, positions, orders).toString()).toBe(engine.available().toString());
        },
      ),
      { numRuns: 100 },
    );
  });
});
