/**
 * Owns the exchange: provides the port (EXCHANGE) with the adapter the mode
 * asks for, starts it at boot (clock sync, symbol rules, paper account) and
 * stops its timers at shutdown. Only this folder knows which adapter runs.
 */
import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { PrismaService } from '../database/prisma.service';
import { createExchange, ManagedExchange } from './exchange.factory';
import { EXCHANGE } from './exchange.port';

@Global()
@Module({
  providers: [{ provide: EXCHANGE, inject: [APP_CONFIG, PrismaService], useFactory: createExchange }],
  exports: [EXCHANGE],
})
export class ExchangeModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Exchange');

  constructor(
    @Inject(EXCHANGE) private readonly exchange: ManagedExchange,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.exchange.start();
      this.logger.log(`exchange ready: ${this.config.exchangeMode}${this.exchange.kind === 'binance' ? ` (clock offset ${this.exchange.clockOffset} ms)` : ''}`);
    } catch (error) {
      // The service still starts: health reports the exchange down, and the
      // rules are loaded on first use once the exchange answers.
      this.logger.error(`exchange not reachable at startup: ${(error as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    this.exchange.stop();
  }
}
