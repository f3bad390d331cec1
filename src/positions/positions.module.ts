/** Owns reading positions, closing them and cancelling open orders, through the exchange port. */
import { Module } from '@nestjs/common';
import { PositionModeCache } from './position-mode.cache';
import { PositionsService } from './positions.service';

@Module({
  providers: [PositionsService, PositionModeCache],
  exports: [PositionsService, PositionModeCache],
})
export class PositionsModule {}
