/**
 * Owns the request rate limits: the two named throttlers (webhook, admin),
 * their Postgres-backed storage shared by every instance, and the guard the
 * webhook, admin and credentials controllers use. A limit of 0 turns it off.
 */
import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { DatabaseModule } from '../database/database.module';
import { JournalModule } from '../journal/journal.module';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';
import { RequestThrottlerGuard } from './request-throttler.guard';

const MINUTE_MS = 60_000;

@Module({ imports: [DatabaseModule], providers: [PostgresThrottlerStorage], exports: [PostgresThrottlerStorage] })
class ThrottlerStorageModule {}

@Module({
  imports: [
    JournalModule,
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      inject: [APP_CONFIG, PostgresThrottlerStorage],
      useFactory: (config: AppConfig, storage: PostgresThrottlerStorage) => ({
        storage,
        throttlers: [
          {
            name: 'webhook',
            ttl: MINUTE_MS,
            limit: config.webhookRateLimitPerMinute,
            skipIf: () => config.webhookRateLimitPerMinute === 0,
          },
          {
            name: 'admin',
            ttl: MINUTE_MS,
            limit: config.adminRateLimitPerMinute,
            skipIf: () => config.adminRateLimitPerMinute === 0,
          },
        ],
      }),
    }),
  ],
  providers: [RequestThrottlerGuard],
  // The guard is instantiated in each controller's module: it needs the tally recorder there.
  exports: [RequestThrottlerGuard, JournalModule],
})
export class RateLimitModule {}
