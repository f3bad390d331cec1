/**
 * How a signal ends: its outcome recorded (after the answer) and its one log line, and the answers of the
 * signals that end before trading: refused, unauthenticated (recorded within a bound per address) or a
 * duplicate of one already received.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SignalRejection } from '../common/signal-rejection';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { RequestTallyRecorder } from '../journal/request-tally.recorder';
import { SignalJournal } from '../journal/signal-journal';
import type { SignalHeader, SignalOutcome } from '../journal/signal-record';
import type { SignalAnswer } from './alert-route';
import { translateError } from './error-translation';
import { errorResponse } from './signal-responses';
import { signalLogEntry } from './signal-log';
import type { ValidSignal } from './signal-validation';

/**
 * The same id with another body: not a retry. TradingView's {{strategy.order.id}}
 * is the order's name ("Long"), the same on every alert; taking it for a
 * retry would stop the strategy from trading with no visible error.
 */
export function idReused(externalId: string, originalId: string): SignalRejection {
  return new SignalRejection(
    `Signal id "${externalId}" was already used on this route by signal ${originalId} with a different message: ` +
      'not executed (the same id with the same message is a retry; with another message it is a different alert)',
    'ID_REUSED',
    409,
    [
      'Make the id unique per alert, e.g. "id": "{{strategy.order.id}}-{{timenow}}"',
      'Or leave id out: identical messages within DEDUP_WINDOW_MS are still treated as retries',
    ],
  );
}

@Injectable()
export class SignalSettler {
  private readonly logger = new Logger('Signals');

  constructor(
    private readonly journal: SignalJournal,
    private readonly tallies: RequestTallyRecorder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records the outcome (after the answer) and writes the signal's one log line. */
  settle(header: SignalHeader, outcome: SignalOutcome): void {
    // Written after answering: TradingView is waiting, and the journal never
    // loses the write (pending file on failure, settled before shutdown).
    this.journal.finishLater(header, outcome);
    // The log line too, once the answer has gone out (from the header as it is now).
    const settled = { ...header };
    setImmediate(() => {
      const entry = signalLogEntry(settled, outcome);
      this.logger[entry.level]({ msg: entry.message, ...entry.fields });
    });
  }

  refuse(header: SignalHeader, error: unknown): SignalAnswer {
    const t = translateError(error, header.accountId);
    if (t.errorCode === 'TOO_DEEP') {
      this.logger.warn(`refused signal ${header.id} from ${header.clientIp ?? 'unknown'}: ${t.message}`);
    }
    const answeredAt = new Date();
    const { status, httpStatus, errorCode, message: errorMessage, suggestions } = t;
    this.settle(header, { status, httpStatus, errorCode, errorMessage, suggestions, answeredAt });
    return { httpStatus: t.httpStatus, body: errorResponse(t, header.payload, header.id) };
  }

  /**
   * A request that failed the source or secret check. The answer echoes its
   * (redacted) fields as for any refusal; the record keeps only a bounded
   * summary, and past UNAUTHENTICATED_RECORDS_PER_HOUR for its address it is
   * only counted (the answer then has no id). `answeredAs`: what the sender is told, when the record
   * keeps a reason the sender must not learn (an unknown bot's URL is answered as a wrong secret).
   */
  async refuseUnauthenticated(
    header: SignalHeader,
    record: unknown,
    error: unknown,
    answeredAs: unknown = error,
  ): Promise<SignalAnswer> {
    const echo = header.payload;
    Object.assign(header, { payload: record, authenticated: false, rawSymbol: undefined, symbol: undefined });
    const limit = this.config.unauthenticatedRecordsPerHour;
    const store = await this.tallies.count('UNAUTHENTICATED', header.clientIp, limit);
    const t = translateError(error);
    const answer = translateError(answeredAs);
    if (!store) return { httpStatus: answer.httpStatus, body: errorResponse(answer, echo) };
    const { status, httpStatus, errorCode, message: errorMessage, suggestions } = t;
    this.settle(header, { status, httpStatus, errorCode, errorMessage, suggestions, answeredAt: new Date() });
    return { httpStatus: answer.httpStatus, body: errorResponse(answer, echo, header.id) };
  }

  duplicate(header: SignalHeader, signal: ValidSignal, originalId: string): SignalAnswer {
    const note = `Duplicate of signal ${originalId}: not executed`;
    const reason = signal.externalId
      ? `id "${signal.externalId}" was already received on this route`
      : 'the same alert arrived moments ago';
    Object.assign(header, { externalId: undefined, duplicateOfId: originalId });
    this.settle(header, { status: 'DUPLICATE', httpStatus: 200, note, answeredAt: new Date() });
    return {
      httpStatus: 200,
      body: {
        success: true,
        duplicate: true,
        id: header.id,
        original_id: originalId,
        message: `${note} (${reason})`,
        timestamp: new Date().toISOString(),
      },
    };
  }
}
