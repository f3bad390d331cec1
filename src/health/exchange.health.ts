import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EXCHANGE } from '../exchange/exchange.port';
import type { ManagedExchange } from '../exchange/exchange.factory';

@Injectable()
export class ExchangeHealthIndicator {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ManagedExchange,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('exchange');
    const details = {
      mode: this.exchange.kind,
      ...(this.exchange.kind === 'binance' ? { clockOffsetMs: this.exchange.clockOffset, usedWeight1m: this.exchange.usedWeight1m() } : {}),
    };
    try {
      await this.exchange.serverTime();
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ ...details, message: (error as Error).message });
    }
  }
}
