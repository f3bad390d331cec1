/** Owns the TradingView routes: validation at the edge, then dispatch to trading and positions. */
import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { PositionsModule } from '../positions/positions.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { TradingModule } from '../trading/trading.module';
import { SignalPipeline } from './signal-pipeline';
import { WebhookController } from './webhook.controller';
import { ExchangeModule } from '../exchange/exchange.module';

@Module({
  imports: [ExchangeModule, TradingModule, PositionsModule, JournalModule, RateLimitModule],
  controllers: [WebhookController],
  providers: [SignalPipeline],
  exports: [SignalPipeline],
})
export class WebhookModule {}
