/**
 * Owns sizing, the buy/sell, close, partial-close and target-position flows behind one entry for a
 * signal's trade (TradeExecutor), per-symbol ordering of signals (the SymbolQueue, with the
 * cross-instance advisory locks), and the protection (stop loss, take profits, trailing stop) placed
 * for them and followed after.
 */
import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { JournalModule } from '../journal/journal.module';
import { PositionsModule } from '../positions/positions.module';
import { InterruptedSignalsService } from './interrupted-signals.service';
import { SymbolQueue } from './symbol-queue';
import { BreakEvenMover } from './protection/break-even-mover';
import { InterruptedProtection } from './protection/interrupted-protection';
import { ProtectionEvents } from './protection/protection-events';
import { ProtectionMonitor } from './protection/protection-monitor';
import { ProtectionResizer } from './protection/protection-resizer';
import { ProtectionService } from './protection/protection.service';
import { TargetPositionService } from './target-position.service';
import { TradingService } from './trading.service';
import { TradeExecutor } from './trade-executor';
import { CloseService } from './close/close.service';
import { PartialCloseService } from './close/partial-close.service';
import { DatabaseModule } from '../database/database.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { AccountStreamModule } from '../exchange/streams/account-stream.module';
import { ProtectionStreamFollower } from './protection/protection-stream-follower';

@Module({
  imports: [DatabaseModule, ExchangeModule, AccountStreamModule, PositionsModule, JournalModule],
  providers: [
    TradeExecutor,
    TradingService,
    CloseService,
    PartialCloseService,
    TargetPositionService,
    ProtectionService,
    ProtectionMonitor,
    ProtectionEvents,
    ProtectionResizer,
    BreakEvenMover,
    InterruptedProtection,
    ProtectionStreamFollower,
    InterruptedSignalsService,
    { provide: SymbolQueue, inject: [PG_POOL], useFactory: (pool: Pool) => new SymbolQueue(pool) },
  ],
  exports: [
    TradeExecutor,
    ProtectionService,
    ProtectionMonitor,
    ProtectionEvents,
    ProtectionResizer,
    SymbolQueue,
    InterruptedSignalsService,
  ],
})
export class TradingModule {}
