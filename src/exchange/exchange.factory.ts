/**
 * The one place exchange adapters are built: the paper engine, or Binance (testnet/live) with the given
 * keys; for the environment's account, keys saved at run time and every account of the admin API alike.
 */
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { BinanceFuturesExchange } from './binance/binance-futures.exchange';
import { FuturesEngine } from './paper/futures-engine';
import { PrismaPaperAccountStore } from './paper/paper-account.store';
import { BinancePublicPrices } from './paper/paper-market-data';
import { PaperExchange } from './paper/paper.exchange';

export type ManagedExchange = BinanceFuturesExchange | PaperExchange;

/** Which account an adapter trades: a paper account (kept under its own id) or Binance keys. */
export type ExchangeAccount =
  { mode: 'paper'; paperAccountId?: string } | { mode: 'testnet' | 'live'; apiKey: string; apiSecret: string };

export function createExchange(config: AppConfig, prisma: PrismaService): ManagedExchange {
  if (config.exchangeMode === 'paper') return createAccountExchange(config, prisma, { mode: 'paper' });
  return createBinanceExchange(config, {
    apiKey: config.binanceApiKey!,
    apiSecret: config.binanceApiSecret!,
    mode: config.exchangeMode,
  });
}

/** The adapter of one account: a paper engine saved under its own id, or Binance with its keys. */
export function createAccountExchange(
  config: AppConfig,
  prisma: PrismaService,
  account: ExchangeAccount,
): ManagedExchange {
  if (account.mode !== 'paper') return createBinanceExchange(config, account);
  return new PaperExchange(
    new FuturesEngine({ walletUsdt: config.paperBalanceUsdt }),
    new PrismaPaperAccountStore(prisma, account.paperAccountId),
    new BinancePublicPrices(config.paperMarketDataUrl),
    config.symbolRulesRefreshMs,
  );
}

/** A Binance adapter with the given keys (the configured ones, keys saved at run time, an account's). */
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
