/** Owns the TradingView routes: validation at the edge, then the hand-over to trading. */
import { Module } from '@nestjs/common';
import { AccountsCoreModule } from '../accounts/accounts-core.module';
import { JournalModule } from '../journal/journal.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { TradingModule } from '../trading/trading.module';
import { FanOut } from './fan-out';
import { SignalPipeline } from './signal-pipeline';
import { SignalSettler } from './signal-settler';
import { SignedWebhookRequests } from './signed-webhook-requests';
import { TradeHandOver } from './trade-hand-over';
import { WebhookController } from './webhook.controller';
import { ExchangeModule } from '../exchange/exchange.module';

@Module({
  imports: [ExchangeModule, TradingModule, JournalModule, RateLimitModule, AccountsCoreModule],
  controllers: [WebhookController],
  providers: [SignalPipeline, SignalSettler, TradeHandOver, FanOut, SignedWebhookRequests],
  exports: [SignalPipeline],
})
export class WebhookModule {}
