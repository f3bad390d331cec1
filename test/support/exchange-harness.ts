/**
 * The two exchange adapters, each with its simulated account at hand, for
 * tests that must hold for both: Binance's adapter (binance-api-node over
 * HTTP to the fake server) and the in-process paper exchange.
 */
import { BinanceFuturesExchange, BinanceSettings } from '../../src/exchange/binance/binance-futures.exchange';
import { ExchangePort } from '../../src/exchange/exchange.port';
import { FuturesEngine } from '../../src/exchange/paper/futures-engine';
import { InMemoryPaperAccountStore } from '../../src/exchange/paper/paper-account.store';
import { PaperExchange } from '../../src/exchange/paper/paper.exchange';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';

export interface ExchangeHarness {
  name: 'binance' | 'paper';
  exchange: ExchangePort;
  engine: FuturesEngine;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeBinance(
  options: ConstructorParameters<typeof FakeBinanceServer>[0] = {},
): Promise<FakeBinanceServer> {
  const fake = new FakeBinanceServer(options);
  await fake.start();
  return fake;
}

export function binanceSettings(fake: FakeBinanceServer, overrides: Partial<BinanceSettings> = {}): BinanceSettings {
  return {
    apiKey: fake.apiKey,
    apiSecret: fake.apiSecret,
    baseUrl: fake.url,
    testnet: false,
    recvWindowMs: 5000,
    timeoutMs: 2000,
    symbolRulesRefreshMs: 3_600_000,
    ...overrides,
  };
}

export async function binanceHarness(): Promise<
  ExchangeHarness & { fake: FakeBinanceServer; adapter: BinanceFuturesExchange }
> {
  const fake = await startFakeBinance();
  const adapter = new BinanceFuturesExchange(binanceSettings(fake));
  await adapter.start();
  return {
    name: 'binance',
    exchange: adapter,
    adapter,
    engine: fake.engine,
    fake,
    reset: () => fake.reset(),
    close: async () => {
      adapter.stop();
      await fake.stop();
    },
  };
}

export async function paperHarness(): Promise<ExchangeHarness> {
  const engine = new FuturesEngine({ walletUsdt: '10000' });
  const exchange = new PaperExchange(engine, new InMemoryPaperAccountStore(), { price: async () => undefined });
  await exchange.start();
  return { name: 'paper', exchange, engine, reset: () => engine.reset('10000'), close: async () => exchange.stop() };
}

/** Drives the fake's test controls over HTTP, as a separate process would. */
export async function control(fake: FakeBinanceServer, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${fake.url}/__control/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status}`);
  return response.json();
}

/** The settings that run the service in live mode against the fake Binance server. */
export function liveModeAgainst(fake: FakeBinanceServer): Record<string, string> {
  return {
    EXCHANGE_MODE: 'live',
    BINANCE_FUTURES_URL: fake.url,
    BINANCE_API_KEY: fake.apiKey,
    BINANCE_API_SECRET: fake.apiSecret,
  };
}
