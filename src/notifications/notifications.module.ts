/**
 * Owns notifications: the outbox dispatcher (Telegram, Discord, a signed JSON
 * webhook), the channel settings and their admin API, the degraded/recovered
 * watch, the daily summary and the outbox's retention. The journal writes the outbox rows
 * (outbox/signal-notifications.ts) with the records they report; nothing here
 * is on a webhook's path.
 */
import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { JournalModule } from '../journal/journal.module';
import { ChannelSenders } from './channels/channel-senders';
import { DailySummaryService } from './daily-summary/daily-summary.service';
import { NOTIFICATION_CLOCK, systemClock } from './notification-clock';
import { NotificationTester } from './notification-tester';
import { NotificationsController } from './notifications.controller';
import { DeliveredNotificationsPruner } from './outbox/delivered-notifications.pruner';
import { DeliveryHistoryRepository } from './outbox/delivery-history.repository';
import { CHANNEL_SENDERS, NotificationDispatcher } from './outbox/notification-dispatcher';
import { NotificationSettingsRepository } from './settings/notification-settings.repository';
import { ServiceConditionMonitor } from './service-conditions/service-condition-monitor';
import { NotificationSettingsService } from './settings/notification-settings.service';
import { DatabaseModule } from '../database/database.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { AccountEventsModule } from '../account-events/account-events.module';
import { AccountStreamModule } from '../exchange/streams/account-stream.module';
import { LiquidationNotices } from './trade-results/liquidation-notices';

@Module({
  imports: [DatabaseModule, ExchangeModule, AccountStreamModule, AccountEventsModule, AdminModule, JournalModule],
  controllers: [NotificationsController],
  providers: [
    { provide: NOTIFICATION_CLOCK, useValue: systemClock },
    { provide: CHANNEL_SENDERS, useFactory: () => new ChannelSenders() },
    NotificationSettingsRepository,
    NotificationSettingsService,
    NotificationDispatcher,
    NotificationTester,
    DeliveryHistoryRepository,
    ServiceConditionMonitor,
    DailySummaryService,
    DeliveredNotificationsPruner,
    LiquidationNotices,
  ],
  exports: [NotificationDispatcher, NotificationSettingsService],
})
export class NotificationsModule {}
