/** Owns the admin API (trade history, statistics, export, replay), its token guard and the dashboard's sessions. */
import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { AccountEventsModule } from '../account-events/account-events.module';
import { AccountsCoreModule } from '../accounts/accounts-core.module';
import { JournalModule } from '../journal/journal.module';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { SecretRedactor } from '../logging/secret-redactor';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { WebhookModule } from '../webhook/webhook.module';
import { AdminController } from './admin.controller';
import { ADMIN_TOKEN, redactGeneratedToken, resolveAdminToken } from './admin-token';
import { AdminSessionStore } from './admin-session.store';
import { AdminTokenGuard } from './admin-token.guard';
import { ReplayService } from './replay.service';
import { TradeHistoryService } from './trade-history.service';
import { ExchangeModule } from '../exchange/exchange.module';

@Module({
  imports: [ExchangeModule, JournalModule, AccountsCoreModule, WebhookModule, RateLimitModule, AccountEventsModule],
  controllers: [AdminController],
  providers: [
    { provide: ADMIN_TOKEN, inject: [APP_CONFIG], useFactory: (config: AppConfig) => resolveAdminToken(config) },
    AdminSessionStore,
    AdminTokenGuard,
    TradeHistoryService,
    ReplayService,
  ],
  exports: [ADMIN_TOKEN, AdminSessionStore, AdminTokenGuard],
})
export class AdminModule implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ADMIN_TOKEN) private readonly token: string,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
  ) {}

  onApplicationBootstrap(): void {
    redactGeneratedToken(this.config, this.token, this.redactor);
  }
}
