/**
 * Signals as they are recorded (received, then their outcome), for live views
 * such as the dashboard's server-sent events. In-process: each instance tells
 * of the signals it recorded itself; the dashboard also re-reads the history
 * now and then, so signals taken by another instance appear too.
 */
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { SignalHeader, SignalOutcome } from './signal-record';

export interface SignalRecordedEvent {
  id: string;
  status: string;
  symbol: string | null;
  action: string | null;
  route: string;
  received_at: string;
}

@Injectable()
export class SignalEvents implements OnModuleDestroy {
  private readonly subject = new Subject<SignalRecordedEvent>();

  /** Called once the row is written (or kept in the pending file): a reader that refetches finds it. */
  recorded(header: SignalHeader, outcome?: SignalOutcome): void {
    this.subject.next({
      id: header.id,
      status: outcome?.status ?? 'PROCESSING',
      symbol: header.symbol ?? null,
      action: header.action ?? null,
      route: header.route,
      received_at: header.receivedAt.toISOString(),
    });
  }

  stream(): Observable<SignalRecordedEvent> {
    return this.subject.asObservable();
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
