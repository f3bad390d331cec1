/**
 * Owns sizing, the buy/sell flows and per-symbol ordering of signals (the
 * SymbolQueue, with the cross-instance advisory locks).
 */
import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { JournalModule } from '../journal/journal.module';
import { PositionsModule } from '../positions/positions.module';
import { InterruptedSignalsService } from './interrupted-signals.service';
import { SymbolQueue } from './symbol-queue';
import { TradingService } from './trading.service';

@Module({
  imports: [PositionsModule, JournalModule],
  providers: [
    TradingService,
    InterruptedSignalsService,
    { provide: SymbolQueue, inject: [PG_POOL], useFactory: (pool: Pool) => new SymbolQueue(pool) },
  ],
  exports: [TradingService, SymbolQueue, InterruptedSignalsService],
})
export class TradingModule {}
