/** The one place exchange adapters are built: the paper engine, or Binance (testnet/live) with the given keys. */
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { BinanceFuturesExchange } from './binance/binance-futures.exchange';
import { FuturesEngine } from './paper/futures-engine';
import { PrismaPaperAccountStore } from './paper/paper-account.store';
import { BinancePublicPrices } from './paper/paper-market-data';
import { PaperExchange } from './paper/paper.exchange';

export type ManagedExchange = BinanceFuturesExchange | PaperExchange;

export function createExchange(config: AppConfig, prisma: PrismaService): ManagedExchange {
  if (config.exchangeMode === 'paper') {
    return new PaperExchange(
      new FuturesEngine({ walletUsdt: config.paperBalanceUsdt }),
      new PrismaPaperAccountStore(prisma),
      new BinancePublicPrices(config.paperMarketDataUrl),
      config.symbolRulesRefreshMs,
    );
  }
  return createBinanceExchange(config, {
    apiKey: config.binanceApiKey!,
    apiSecret: config.binanceApiSecret!,
    mode: config.exchangeMode,
  });
}

/** A Binance adapter with the given keys (the configured ones, or keys saved at run time). */
export function createBinanceExchange(
  config: AppConfig,
  keys: { apiKey: string; apiSecret: string; mode: 'testnet' | 'live' },
): BinanceFuturesExchange {
  return new BinanceFuturesExchange({
    apiKey: keys.apiKey,
    apiSecret: keys.apiSecret,
    baseUrl: config.binanceFuturesUrl,
    testnet: keys.mode === 'testnet',
    recvWindowMs: config.binanceRecvWindowMs,
    orderRecvWindowMs: config.binanceOrderRecvWindowMs,
    timeoutMs: config.binanceTimeoutMs,
    symbolRulesRefreshMs: config.symbolRulesRefreshMs,
    pauseMaxMs: config.exchangePauseMaxMs,
  });
}
