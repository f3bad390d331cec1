/**
 * One mark-price connection per stream host for the whole service: the
 * default account's stream and every other account's stream on that host
 * share it (mark prices are public), so N accounts hold N user-data
 * connections and one market connection, not 2N. It also holds the service's
 * count of connection attempts (connection-attempts.ts), which every stream
 * connection, user data or market, goes through.
 */
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { MarkPriceStream } from './binance/mark-price.stream';
import { ConnectionAttempts } from './connection-attempts';

@Injectable()
export class MarkPriceHub implements OnApplicationShutdown {
  private readonly byHost = new Map<string, MarkPriceStream>();
  /** Binance counts connection attempts per IP: one count for every stream of this server. */
  readonly attempts = new ConnectionAttempts();

  /** The shared mark-price connection of a stream host (opened with its first watched symbol). */
  forHost(baseUrl: string, renewAfterMs: number): MarkPriceStream {
    let stream = this.byHost.get(baseUrl);
    if (!stream) {
      stream = new MarkPriceStream(baseUrl, renewAfterMs, this.attempts);
      this.byHost.set(baseUrl, stream);
    }
    return stream;
  }

  onApplicationShutdown(): void {
    for (const stream of this.byHost.values()) stream.stop();
    this.byHost.clear();
  }
}
