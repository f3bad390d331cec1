/**
 * The hook for protection that fired on the exchange: a stop loss, take
 * profit or trailing stop triggered or filled, a stop moved to break-even.
 * The monitor (polling today, a user-data stream later) emits them; anything
 * that must tell the trader (notifications) subscribes. A listener's failure
 * never stops the monitor.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { ProtectionKind, ProtectionStatus } from '../../journal/signal-record';

export interface ProtectionEvent {
  type:
    | 'protection.triggered'
    | 'protection.filled'
    | 'protection.moved-to-break-even'
    | 'protection.break-even-failed'
    | 'protection.cancelled';
  signalId: string;
  symbol: string;
  positionSide: string;
  kind: ProtectionKind;
  level?: number;
  clientAlgoId: string;
  status: ProtectionStatus;
  triggerPrice?: string;
  fillPrice?: string;
  quantity?: string;
  at: Date;
  note?: string;
}

export type ProtectionListener = (event: ProtectionEvent) => void | Promise<void>;

@Injectable()
export class ProtectionEvents {
  private readonly listeners = new Set<ProtectionListener>();
  private readonly logger = new Logger('ProtectionEvents');

  /** Returns the function that unsubscribes. */
  subscribe(listener: ProtectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ProtectionEvent): void {
    for (const listener of this.listeners) {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error: Error) => this.logger.warn(`listener failed on ${event.type}: ${error.message}`));
    }
  }
}
