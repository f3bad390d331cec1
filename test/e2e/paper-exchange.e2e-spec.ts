/**
 * Paper mode: the account survives a restart (kept in Postgres), and fills are priced from the best source
 * available.
 */
import Decimal from 'decimal.js';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { applyMigrations } from '../../src/database/migration-applier';
import { FuturesEngine } from '../../src/exchange/paper/futures-engine';
import { PrismaPaperAccountStore } from '../../src/exchange/paper/paper-account.store';
import { BinancePublicPrices, MarketPriceSource } from '../../src/exchange/paper/paper-market-data';
import { PaperExchange } from '../../src/exchange/paper/paper.exchange';
import type { PrismaService } from '../../src/database/prisma.service';
import { startFakeBinance } from '../support/exchange-harness';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('paper exchange', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase('paper');
    await applyMigrations(db.url);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  const offline: MarketPriceSource = { price: async () => undefined };
  const make = (market: MarketPriceSource = offline) =>
    new PaperExchange(
      new FuturesEngine({ walletUsdt: '10000' }),
      new PrismaPaperAccountStore(prisma as unknown as PrismaService),
      market,
    );

  it('keeps positions, leverage, balance and orders across a restart', async () => {
    const first = make();
    await first.start();
    await first.setLeverage('ETHUSDT', 7);
    await first.placeOrder({
      symbol: 'ETHUSDT',
      side: 'SELL',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: new Decimal('2'),
      clientOrderId: 'paper-keep-1',
    });
    const before = await first.usdtBalance();
    first.stop();

    const second = make();
    await second.start();
    const held = await second.positions('ETHUSDT');
    expect(held.leverage).toBe(7);
    expect(held.positions.map((p) => [p.direction, p.quantity.toString(), p.entryPrice.toString()])).toEqual([
      ['SHORT', '2', '2500'],
    ]);
    expect((await second.usdtBalance()).wallet.toString()).toBe(before.wallet.toString());
    expect(await second.findOrder('ETHUSDT', 'paper-keep-1')).toMatchObject({ status: 'FILLED' });
    second.stop();
  });

  it("prices at the signal's entry when no market data is reachable, and says so", async () => {
    const exchange = make();
    await exchange.start();
    const quote = await exchange.price('SOLUSDT', new Decimal('163.25'));
    expect(quote).toMatchObject({ source: 'signal-entry' });
    expect(quote.price.toString()).toBe('163.25');
    const filled = await exchange.placeOrder({
      symbol: 'SOLUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: new Decimal('3'),
      clientOrderId: 'paper-entry-1',
    });
    expect(filled.avgPrice.toString()).toBe('163.25');
    expect((await exchange.price('SOLUSDT')).source).toBe('paper-last');
    exchange.stop();
  });

  it("prices from Binance's public ticker when it answers", async () => {
    const market = await startFakeBinance();
    market.engine.setPrice('XRPUSDT', '0.6123');
    const exchange = make(new BinancePublicPrices(market.url));
    await exchange.start();
    const quote = await exchange.price('XRPUSDT', new Decimal('0.5'));
    expect(quote).toMatchObject({ source: 'binance-public' });
    expect(quote.price.toString()).toBe('0.6123');
    exchange.stop();
    await market.stop();
  });

  it('does not wait on an unreachable market data source more than once a minute', async () => {
    // A source that accepts connections and never answers: the first ask waits for the timeout.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    let connections = 0;
    silent.on('connection', () => connections++);
    const source = new BinancePublicPrices(`http://127.0.0.1:${port}`, 200);
    const first = Date.now();
    expect(await source.price('BTCUSDT')).toBeUndefined();
    expect(Date.now() - first).toBeGreaterThanOrEqual(190);
    expect(await source.price('BTCUSDT')).toBeUndefined();
    expect(await source.price('ETHUSDT')).toBeUndefined();
    expect(connections).toBe(1);
    silent.close();
  });
});
