/**
 * Owns the account events: recorded from the account stream as they happen,
 * back-filled from Binance's history after an outage, announced on the
 * AccountEventsFeed, and summed into PnL for the admin API.
 */
import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { AccountStreamModule } from '../exchange/streams/account-stream.module';
import { AccountBackfillService } from './account-backfill.service';
import { AccountEventsFeed } from './account-events.feed';
import { AccountEventsRecorder } from './account-events.recorder';
import { AccountEventsRepository } from './account-events.repository';
import { AccountEventsService } from './account-events.service';

// APP_CONFIG comes from the global configuration module.
@Module({
  imports: [DatabaseModule, ExchangeModule, AccountStreamModule],
  providers: [
    AccountEventsRepository,
    AccountEventsFeed,
    AccountBackfillService,
    AccountEventsRecorder,
    AccountEventsService,
  ],
  exports: [AccountEventsFeed, AccountEventsService, AccountBackfillService, AccountEventsRecorder],
})
export class AccountEventsModule {}
