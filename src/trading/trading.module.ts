/**
 * Owns sizing, the buy/sell flows and per-symbol ordering of signals (the
 * SymbolQueue, with its own small pool of Postgres connections for the
 * cross-instance advisory locks).
 */
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { RESOLVED_DATABASE, ResolvedDatabase } from '../database/resolved-database';
import { PositionsModule } from '../positions/positions.module';
import { SymbolQueue } from './symbol-queue';
import { TradingService } from './trading.service';

const LOCK_POOL = Symbol('LOCK_POOL');

@Module({
  imports: [PositionsModule],
  providers: [
    TradingService,
    { provide: LOCK_POOL, inject: [RESOLVED_DATABASE], useFactory: (db: ResolvedDatabase) => new Pool({ connectionString: db.url, max: 20, connectionTimeoutMillis: 1000 }) },
    { provide: SymbolQueue, inject: [LOCK_POOL], useFactory: (pool: Pool) => new SymbolQueue(pool) },
  ],
  exports: [TradingService, SymbolQueue],
})
export class TradingModule implements OnApplicationShutdown {
  constructor(@Inject(LOCK_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
