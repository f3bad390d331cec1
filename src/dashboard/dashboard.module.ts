/**
 * Owns the web dashboard's server side: sign-in sessions, live events, the
 * candles of its chart and signals fired by hand. The page itself is served
 * by setup-app.ts (dashboard-assets.ts).
 */
import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { JournalModule } from '../journal/journal.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { WebhookModule } from '../webhook/webhook.module';
import { AdminSessionController } from './admin-session.controller';
import { KlinesController } from './klines.controller';
import { KlinesService } from './klines.service';
import { LiveEventsController } from './live-events.controller';
import { ManualSignalController } from './manual-signal.controller';

@Module({
  imports: [AdminModule, ExchangeModule, JournalModule, RateLimitModule, WebhookModule],
  controllers: [AdminSessionController, LiveEventsController, KlinesController, ManualSignalController],
  providers: [KlinesService],
})
export class DashboardModule {}
