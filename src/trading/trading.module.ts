/**
 * Owns sizing, the buy/sell and target-position flows and per-symbol ordering of signals (the
 * SymbolQueue, with the cross-instance advisory locks).
 */
import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { JournalModule } from '../journal/journal.module';
import { PositionsModule } from '../positions/positions.module';
import { InterruptedSignalsService } from './interrupted-signals.service';
import { SymbolQueue } from './symbol-queue';
import { TargetPositionService } from './target-position.service';
import { TradingService } from './trading.service';

@Module({
  imports: [PositionsModule, JournalModule],
  providers: [
    TradingService,
    TargetPositionService,
    InterruptedSignalsService,
    { provide: SymbolQueue, inject: [PG_POOL], useFactory: (pool: Pool) => new SymbolQueue(pool) },
  ],
  exports: [TradingService, TargetPositionService, SymbolQueue, InterruptedSignalsService],
})
export class TradingModule {}
