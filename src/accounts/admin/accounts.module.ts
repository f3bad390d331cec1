/**
 * Owns accounts (Binance or paper, each with its own keys, sizing multiplier
 * and limits), bots (strategies: their own URL, secret, defaults and
 * accounts) and the kill switches (global, per bot, per account), with their
 * admin API.
 */
import { Module } from '@nestjs/common';
import { AdminModule } from '../../admin/admin.module';
import { DatabaseModule } from '../../database/database.module';
import { RateLimitModule } from '../../rate-limit/rate-limit.module';
import { AccountsCoreModule } from '../accounts-core.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { BotsController } from './bots.controller';
import { BotsService } from './bots.service';
import { TradingSwitchesController } from './trading-switches.controller';

@Module({
  imports: [DatabaseModule, AccountsCoreModule, AdminModule, RateLimitModule],
  controllers: [AccountsController, BotsController, TradingSwitchesController],
  providers: [AccountsService, BotsService],
})
export class AccountsModule {}
