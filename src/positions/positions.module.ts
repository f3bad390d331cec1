/** Owns reading positions and the account settings (position mode, multi-assets mode) behind them. */
import { Module } from '@nestjs/common';
import { MultiAssetsModeCache } from './multi-assets-mode.cache';
import { PositionModeCache } from './position-mode.cache';
import { PositionsService } from './positions.service';
import { ExchangeModule } from '../exchange/exchange.module';

@Module({
  imports: [ExchangeModule],
  providers: [PositionsService, PositionModeCache, MultiAssetsModeCache],
  exports: [PositionsService, PositionModeCache, MultiAssetsModeCache],
})
export class PositionsModule {}
