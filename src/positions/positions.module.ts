/** Owns reading positions, closing them and cancelling open orders, through the exchange port. */
import { Module } from '@nestjs/common';
import { MultiAssetsModeCache } from './multi-assets-mode.cache';
import { PartialCloseService } from './partial-close.service';
import { PositionModeCache } from './position-mode.cache';
import { PositionsService } from './positions.service';

@Module({
  providers: [PositionsService, PositionModeCache, MultiAssetsModeCache, PartialCloseService],
  exports: [PositionsService, PositionModeCache, MultiAssetsModeCache, PartialCloseService],
})
export class PositionsModule {}
