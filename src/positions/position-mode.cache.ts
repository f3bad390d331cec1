/**
 * The account's position mode (one-way or hedge) rarely changes, so it is
 * read once and kept, saving a request per signal. Position risk, read with
 * every signal, shows the mode too and corrects this cache at once when the
 * mode was changed behind our back; a TTL bounds it otherwise.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EXCHANGE, ExchangePort, PositionMode } from '../exchange/exchange.port';

const TTL_MS = 60_000;

@Injectable()
export class PositionModeCache {
  private cached?: { mode: PositionMode; at: number };
  private reading?: Promise<PositionMode>;

  constructor(@Inject(EXCHANGE) private readonly exchange: ExchangePort) {}

  get(): Promise<PositionMode> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return Promise.resolve(this.cached.mode);
    this.reading ??= this.exchange
      .positionMode()
      .then((mode) => {
        this.cached = { mode, at: Date.now() };
        return mode;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  remember(mode: PositionMode): void {
    this.cached = { mode, at: Date.now() };
  }
}
