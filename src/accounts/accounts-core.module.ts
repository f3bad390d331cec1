/**
 * The accounts, bots and kill switches as the trading paths read them (no
 * admin API here), so the webhook can use them without depending on the
 * admin module that depends on it.
 */
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { DatabaseModule } from '../database/database.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { AccountDefaults } from './account-defaults';
import { RequestWeightBudget } from '../exchange/request-weight-budget';
import { PositionsModule } from '../positions/positions.module';
import { AccountExchanges } from './account-exchanges';
import { AccountRepository } from './account.repository';
import { BotRepository } from './bot.repository';
import { BotDirectory } from './bot-directory';
import { BotSecrets } from './bot-secrets';
import { TradingSwitches } from './trading-switches';

@Module({
  imports: [DatabaseModule, ExchangeModule, PositionsModule],
  providers: [
    AccountDefaults,
    AccountRepository,
    BotRepository,
    BotDirectory,
    BotSecrets,
    TradingSwitches,
    AccountExchanges,
    // One budget for the whole service: Binance counts request weight per IP.
    {
      provide: RequestWeightBudget,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new RequestWeightBudget({ limit: config.binanceWeightPerMinute }),
    },
  ],
  exports: [
    AccountDefaults,
    AccountRepository,
    BotRepository,
    BotDirectory,
    BotSecrets,
    TradingSwitches,
    AccountExchanges,
    RequestWeightBudget,
  ],
})
export class AccountsCoreModule {}
