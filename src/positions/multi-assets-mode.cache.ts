/**
 * Whether the account is in Multi-Assets mode, where Binance refuses ISOLATED
 * margin (-4168). Like the position mode it rarely changes, so it is read once
 * (GET /fapi/v1/multiAssetsMargin) and kept for a minute, saving a request
 * per signal.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';

const TTL_MS = 60_000;

@Injectable()
export class MultiAssetsModeCache {
  private cached?: { on: boolean; at: number };
  private reading?: Promise<boolean>;

  constructor(@Inject(EXCHANGE) private readonly exchange: ExchangePort) {}

  get(): Promise<boolean> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return Promise.resolve(this.cached.on);
    this.reading ??= this.exchange
      .multiAssetsMode()
      .then((on) => {
        this.cached = { on, at: Date.now() };
        return on;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Reads the mode again now (before refusing a signal on a cached answer). */
  refresh(): Promise<boolean> {
    this.cached = undefined;
    return this.get();
  }

  /** After Binance answered -4168: the account is in Multi-Assets mode, whatever the cache said. */
  remember(on: boolean): void {
    this.cached = { on, at: Date.now() };
  }
}
