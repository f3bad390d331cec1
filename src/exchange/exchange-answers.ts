/**
 * What an account's exchange answered to our own changes (orders,
 * settings, cancels, conditional orders), reported as it arrives so the live
 * account state moves at once, before the stream says so: two signals back to
 * back on one symbol never act on a stale position. A request whose outcome is
 * unknown (a lost answer) is reported too: until the account is re-read, what
 * it did is not known. Times: `sentAt` / `answeredAt` on our own clock.
 */
import type { MarginType } from '../common/margin-types';
import type { ConditionalOrder, OrderResult, PositionMode } from './exchange.port';

export type ExchangeAnswer =
  /** `sentAt` absent: an order found by a lookup (when it was sent is not known). */
  | { kind: 'order'; result: OrderResult; sentAt?: number }
  | { kind: 'settings'; symbol: string; leverage?: number; marginType?: MarginType; answeredAt: number }
  | { kind: 'conditional'; order: ConditionalOrder; answeredAt: number }
  | {
      kind: 'cancel';
      what: 'orders' | 'conditional';
      symbol: string;
      algoId?: string;
      sentAt: number;
      answeredAt: number;
    }
  | { kind: 'position-mode'; mode?: PositionMode }
  /** A change whose answer was lost: it may execute until `executableUntil` (local clock, when known). */
  | { kind: 'unknown-outcome'; symbol?: string; executableUntil?: number };

/** `accountId`: the account that answered ("default" for the default account). */
export type ExchangeAnswerListener = (answer: ExchangeAnswer, accountId: string) => void;
