/** Owns reading positions, closing them and cancelling open orders, through the exchange port. */
import { Module } from '@nestjs/common';
import { PositionsService } from './positions.service';

@Module({
  providers: [PositionsService],
  exports: [PositionsService],
})
export class PositionsModule {}
