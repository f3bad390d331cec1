import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { SwitchableExchange } from '../exchange/switchable.exchange';

@Injectable()
export class ExchangeHealthIndicator {
  constructor(
    private readonly switchable: SwitchableExchange,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** `full`: with the request weight, order counts and pauses (the admin's only). */
  async check(full = false): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('exchange');
    const exchange = this.switchable.current;
    const details = {
      mode: exchange.venue.mode,
      host: exchange.venue.host,
      credentials: this.switchable.source,
      ...(exchange.kind === 'binance' && full
        ? {
            clockOffsetMs: exchange.clockOffset,
            usedWeight1m: exchange.usedWeight1m(),
            ...exchange.orderCounts(),
            pausedUntil: isoOrNull(exchange.pausedUntil),
            ordersPausedUntil: isoOrNull(exchange.ordersPausedUntil),
          }
        : {}),
    };
    try {
      await exchange.serverTime();
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ ...details, message: (error as Error).message });
    }
  }
}

function isoOrNull(ms: number | undefined): string | null {
  return ms ? new Date(ms).toISOString() : null;
}
