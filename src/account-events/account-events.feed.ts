/**
 * Every account event as it is recorded, once across instances (only the
 * instance whose insert wrote the row announces it): notifications (a
 * position closed with its realised PnL, a liquidation) and live views
 * subscribe here.
 */
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { RecordedAccountEvent } from './account-events.repository';

@Injectable()
export class AccountEventsFeed implements OnApplicationShutdown {
  private readonly subject = new Subject<RecordedAccountEvent>();
  readonly events$ = this.subject.asObservable();

  publish(events: RecordedAccountEvent[]): void {
    for (const event of events) this.subject.next(event);
  }

  onApplicationShutdown(): void {
    this.subject.complete();
  }
}
