/**
 * The accounts, bots and kill switches as the trading paths read them (no
 * admin API here), so the webhook can use them without depending on the
 * admin module that depends on it.
 */
import { Module } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import { BotRepository } from './bot.repository';
import { TradingSwitches } from './trading-switches';

@Module({
  providers: [AccountRepository, BotRepository, TradingSwitches],
  exports: [AccountRepository, BotRepository, TradingSwitches],
})
export class AccountsCoreModule {}
