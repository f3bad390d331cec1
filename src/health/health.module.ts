/** Owns GET /api/health: the database and the exchange as terminus indicators. */
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { ExchangeHealthIndicator } from './exchange.health';
import { HealthController } from './health.controller';
import { DatabaseModule } from '../database/database.module';
import { ExchangeModule } from '../exchange/exchange.module';

@Module({
  imports: [DatabaseModule, ExchangeModule, TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, ExchangeHealthIndicator],
})
export class HealthModule {}
