/** Wires the feature modules together; nothing else lives here. */
import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from './accounts/admin/accounts.module';
import { AccountEventsModule } from './account-events/account-events.module';
import { AdminModule } from './admin/admin.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { CredentialsModule } from './credentials/credentials.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { ExchangeModule } from './exchange/exchange.module';
import { AccountStreamModule } from './exchange/streams/account-stream.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { NotificationsModule } from './notifications/notifications.module';
import { WebhookModule } from './webhook/webhook.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        ExchangeModule,
        AccountStreamModule,
        AccountEventsModule,
        HealthModule,
        WebhookModule,
        AdminModule,
        CredentialsModule,
        AccountsModule,
        NotificationsModule,
        DashboardModule,
      ],
    };
  }
}
