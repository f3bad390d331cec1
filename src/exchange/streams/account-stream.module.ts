/**
 * Provides ACCOUNT_STREAM: the account's events pushed as they happen
 * (Binance's user-data and mark-price streams, or the paper engine's), with
 * connection health. Import it where the events are needed.
 */
import { Module } from '@nestjs/common';
import { ExchangeModule } from '../exchange.module';
import { ACCOUNT_STREAM } from './account-stream.port';
import { AccountStreamService } from './account-stream.service';
import { MarkPriceHub } from './mark-price-hub';

// APP_CONFIG comes from the global configuration module.
@Module({
  imports: [ExchangeModule],
  providers: [AccountStreamService, MarkPriceHub, { provide: ACCOUNT_STREAM, useExisting: AccountStreamService }],
  exports: [ACCOUNT_STREAM, AccountStreamService, MarkPriceHub],
})
export class AccountStreamModule {}
