/** BINANCE_STREAMS=off: no stream, nothing pushed, and health says streams are off. */
import { Subject } from 'rxjs';
import type { AccountStreamEvent } from './account-stream-events';
import type { AccountStreamSource, StreamHealth } from './account-stream.port';

export class DisabledAccountStream implements AccountStreamSource {
  readonly events$ = new Subject<AccountStreamEvent>();

  health(): StreamHealth {
    return { enabled: false, connected: false, reconnects: 0 };
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.events$.complete();
    return Promise.resolve();
  }

  watchMarkPrices(): void {}
}
