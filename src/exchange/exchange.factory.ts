/** Picks the exchange adapter from the configured mode: paper engine, or Binance (testnet/live). */
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
  return new BinanceFuturesExchange({
    apiKey: config.binanceApiKey!,
    apiSecret: config.binanceApiSecret!,
    baseUrl: config.binanceFuturesUrl,
    testnet: config.exchangeMode === 'testnet',
    recvWindowMs: config.binanceRecvWindowMs,
    orderRecvWindowMs: config.binanceOrderRecvWindowMs,
    timeoutMs: config.binanceTimeoutMs,
    symbolRulesRefreshMs: config.symbolRulesRefreshMs,
    pauseMaxMs: config.exchangePauseMaxMs,
  });
}
