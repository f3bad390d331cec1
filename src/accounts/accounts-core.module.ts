/**
 * The accounts, bots and kill switches as the trading paths read them (no
 * admin API here), so the webhook can use them without depending on the
 * admin module that depends on it.
 */
import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { AccountDefaults } from './account-defaults';
import { AccountRepository } from './account.repository';
import { BotRepository } from './bot.repository';
import { TradingSwitches } from './trading-switches';

@Module({
  imports: [DatabaseModule],
  providers: [AccountDefaults, AccountRepository, BotRepository, TradingSwitches],
  exports: [AccountDefaults, AccountRepository, BotRepository, TradingSwitches],
})
export class AccountsCoreModule {}
