/**
 * One mark-price connection per stream host for the whole service: the
 * default account's stream and every other account's stream on that host
 * share it (mark prices are public), so N accounts hold N user-data
 * connections and one market connection, not 2N.
 */
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { MarkPriceStream } from './binance/mark-price.stream';

@Injectable()
export class MarkPriceHub implements OnApplicationShutdown {
  private readonly byHost = new Map<string, MarkPriceStream>();

  /** The shared mark-price connection of a stream host (opened with its first watched symbol). */
  forHost(baseUrl: string, renewAfterMs: number): MarkPriceStream {
    let stream = this.byHost.get(baseUrl);
    if (!stream) {
      stream = new MarkPriceStream(baseUrl, renewAfterMs);
      this.byHost.set(baseUrl, stream);
    }
    return stream;
  }

  onApplicationShutdown(): void {
    for (const stream of this.byHost.values()) stream.stop();
    this.byHost.clear();
  }
}
