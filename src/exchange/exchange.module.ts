/**
 * Owns the exchange: provides the port (EXCHANGE) with the adapter the mode
 * asks for, starts it at boot (clock sync, symbol rules, paper account) and
 * stops its timers at shutdown. Only this folder knows which adapter runs.
 * The boot log says where orders go (paper, testnet or live, and the host).
 */
import { Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { PrismaService } from '../database/prisma.service';
import { createExchange } from './exchange.factory';
import { describeVenue } from './exchange-venue';
import { SwitchableExchange } from './switchable.exchange';
import { AccountScopes } from './account-scopes';
import { EXCHANGE } from './exchange.port';
import { DatabaseModule } from '../database/database.module';

@Module({
  imports: [DatabaseModule],
  providers: [
    {
      provide: SwitchableExchange,
      inject: [APP_CONFIG, PrismaService],
      useFactory: (config: AppConfig, prisma: PrismaService) => new SwitchableExchange(createExchange(config, prisma)),
    },
    { provide: EXCHANGE, useExisting: SwitchableExchange },
    AccountScopes,
  ],
  exports: [EXCHANGE, SwitchableExchange, AccountScopes],
})
export class ExchangeModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Exchange');

  constructor(
    private readonly exchange: SwitchableExchange,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.logger.log(`trading mode: ${describeVenue(this.exchange.venue)}`);
    if (this.config.exchangeMode === 'paper' && this.config.binanceApiKey) {
      this.logger.warn(
        'BINANCE_API_KEY is set but EXCHANGE_MODE is paper: the keys are NOT used and no order reaches Binance; ' +
          'set EXCHANGE_MODE=testnet or live to trade with them',
      );
    }
    try {
      const adapter = this.exchange.current;
      await adapter.start();
      const clock = adapter.kind === 'binance' ? `, clock offset ${adapter.clockOffset} ms` : '';
      this.logger.log(`exchange ready: ${describeVenue(adapter.venue)}${clock}`);
    } catch (error) {
      // The service still starts: health reports the exchange down, and the
      // rules are loaded on first use once the exchange answers.
      this.logger.error(`exchange not reachable at startup: ${(error as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    this.exchange.current.stop();
  }
}
