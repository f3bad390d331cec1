/**
 * An order not sent because a kill switch went on while its signal was
 * running (checked immediately before each order, see account-context.ts).
 * It is an order error like the exchange's refusals, so every flow stops at
 * it and records what it sent before; the answer is the switch's own (423,
 * HALTED), never an exchange error.
 */
import { SignalRejection } from '../../common/signal-rejection';
import { ExchangeError } from '../../exchange/exchange-error';

export class WithheldOrderError extends ExchangeError {
  constructor(readonly reason: SignalRejection) {
    super({
      kind: 'rejected',
      exchangeMessage: reason.message,
      title: reason.message,
      suggestions: reason.suggestions,
    });
    this.name = 'WithheldOrderError';
    this.message = reason.message;
  }
}
