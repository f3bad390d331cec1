/**
 * Where the paper exchange gets real prices: Binance's public futures ticker,
 * when it can be reached. An unreachable source is not asked again for a
 * minute, so an offline machine does not pay a timeout per signal.
 */
import Decimal from 'decimal.js';

export interface MarketPriceSource {
  price(symbol: string): Promise<Decimal | undefined>;
}

export class BinancePublicPrices implements MarketPriceSource {
  private unreachableUntil = 0;

  constructor(
    private readonly baseUrl: string | undefined,
    private readonly timeoutMs = 1000,
    private readonly backoffMs = 60_000,
  ) {}

  async price(symbol: string): Promise<Decimal | undefined> {
    if (!this.baseUrl || Date.now() < this.unreachableUntil) return undefined;
    try {
      const response = await fetch(`${this.baseUrl}/fapi/v1/ticker/price?symbol=${encodeURIComponent(symbol)}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { price?: string };
      return body.price ? new Decimal(body.price) : undefined;
    } catch {
      this.unreachableUntil = Date.now() + this.backoffMs;
      return undefined;
    }
  }
}
