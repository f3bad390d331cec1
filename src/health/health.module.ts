/** Owns GET /api/health: the database, the exchange and the account streams as terminus indicators. */
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { ExchangeHealthIndicator } from './exchange.health';
import { HealthController } from './health.controller';
import { AdminModule } from '../admin/admin.module';
import { DatabaseModule } from '../database/database.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { AccountStreamModule } from '../exchange/streams/account-stream.module';
import { PositionsModule } from '../positions/positions.module';
import { StreamHealthIndicator } from './stream.health';

@Module({
  imports: [
    AdminModule,
    DatabaseModule,
    ExchangeModule,
    AccountStreamModule,
    PositionsModule,
    TerminusModule.forRoot({ logger: false }),
  ],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, ExchangeHealthIndicator, StreamHealthIndicator],
})
export class HealthModule {}
