/**
 * Owns reading positions and the account settings (position mode, multi-assets mode) behind them, and the
 * live account state the streams keep (read instead of REST while it is fresh).
 */
import { Module } from '@nestjs/common';
import { MultiAssetsModeCache } from './multi-assets-mode.cache';
import { PositionModeCache } from './position-mode.cache';
import { PositionsService } from './positions.service';
import { DatabaseModule } from '../database/database.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { AccountStreamModule } from '../exchange/streams/account-stream.module';
import { LiveAccountStateService } from './account-state/live-account-state.service';
import { AccountReader } from './account-reader.service';
import { AccountLiveStates } from './account-state/account-live-states';

@Module({
  imports: [DatabaseModule, ExchangeModule, AccountStreamModule],
  providers: [
    PositionsService,
    PositionModeCache,
    MultiAssetsModeCache,
    LiveAccountStateService,
    AccountLiveStates,
    AccountReader,
  ],
  exports: [
    PositionsService,
    PositionModeCache,
    MultiAssetsModeCache,
    LiveAccountStateService,
    AccountLiveStates,
    AccountReader,
  ],
})
export class PositionsModule {}
