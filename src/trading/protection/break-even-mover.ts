/**
 * Moves a break-even stop once a take profit of its signal filled: to the
 * entry price plus fees, for what remains. The move is due as long as the
 * stop is open with its break-even flag and a take profit of the same signal
 * and side is filled, so a move that failed (the exchange refused the new
 * stop, a read failed) is tried again at the monitor's next checks, up to
 * BREAK_EVEN_TRIES times. Then it is given up: recorded on the stop, emitted,
 * and the trader notified (the stop stays where it was). A stop that could be
 * neither moved nor put back leaves the position without one: recorded and
 * notified at once, as UNPROTECTED.
 *
 * Binance keeps one close-all stop per direction (-4130), so the old stop is
 * cancelled before the new one is placed, never the other way round.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { ExchangeError } from '../../exchange/exchange-error';
import { ConditionalOrderRequest, EXCHANGE, ExchangePort } from '../../exchange/exchange.port';
import { DEFAULT_TAKER_FEE_RATE } from '../../exchange/fees';
import { ProtectionRepository, ProtectiveOrderRow } from '../../journal/protection.repository';
import type { ProtectionStatus } from '../../journal/signal-record';
import { breakEvenPrice } from './break-even';
import { ProtectionEvent, ProtectionEvents } from './protection-events';
import { PROTECTION_RETRY_DELAYS_MS, sendCloseAll } from './protective-order-sender';

/** Tries of one move (each placing the new stop up to three times) before it is given up. */
export const BREAK_EVEN_TRIES = 3;

const dec = (value: { toString(): string } | null | undefined) =>
  value === null || value === undefined ? undefined : new Decimal(value.toString());

/** The stop's client algo id without the suffix of an earlier move or restore (…_sl-be2 → …_sl). */
export const stopBaseId = (clientAlgoId: string) => clientAlgoId.replace(/-(be|rs)\d*$/, '');

/** The n-th try's ids (n from 1): …_sl-be, …_sl-be2…; the stop put back after it: …_sl-rs1… */
export function breakEvenIds(clientAlgoId: string, n: number): { moved: string; restored: string } {
  const base = stopBaseId(clientAlgoId);
  return { moved: n === 1 ? `${base}-be` : `${base}-be${n}`, restored: `${base}-rs${n}` };
}

type TryOutcome = 'moved' | 'decided' | 'restored' | 'unprotected' | 'gone';

@Injectable()
export class BreakEvenMover {
  private readonly logger = new Logger('BreakEven');
  /** Tries that failed before any order was placed (a read or a cancel), by stop. */
  private readonly failedReads = new Map<string, number>();

  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly repository: ProtectionRepository,
    private readonly events: ProtectionEvents,
  ) {}

  /** Moves every due break-even stop among `open` (the symbol's open protection). Call inside the symbol's queue. */
  async moveDue(open: ProtectiveOrderRow[], delaysMs = PROTECTION_RETRY_DELAYS_MS): Promise<void> {
    for (const stop of open.filter((r) => r.kind === 'STOP_LOSS' && r.breakEven && r.algoId)) {
      const rows = await this.repository.forSignal(stop.signalId);
      const targetFilled = rows.some(
        (r) => r.kind === 'TAKE_PROFIT' && r.status === 'FINISHED' && r.positionSide === stop.positionSide,
      );
      if (!targetFilled) continue;
      const base = stopBaseId(stop.clientAlgoId);
      const placedTries = rows.filter((r) => r.kind === 'STOP_LOSS' && /-be\d*$/.test(r.clientAlgoId)).length;
      const tries = placedTries + (this.failedReads.get(base) ?? 0) + 1;
      let outcome: TryOutcome;
      let reason: string | undefined;
      try {
        ({ outcome, reason } = await this.tryMove(stop, tries, delaysMs));
      } catch (error) {
        outcome = 'restored';
        reason = (error as Error).message;
        this.failedReads.set(base, (this.failedReads.get(base) ?? 0) + 1);
        await this.repository
          .update(stop.clientAlgoId, { note: `Break-even try ${tries} of ${BREAK_EVEN_TRIES} failed: ${reason}` })
          .catch(() => undefined);
      }
      if (outcome !== 'restored' && outcome !== 'unprotected') {
        this.failedReads.delete(base);
        continue;
      }
      if (outcome === 'unprotected') await this.giveUp(stop, tries, reason!, true);
      else if (tries >= BREAK_EVEN_TRIES) await this.giveUp(await this.current(stop, tries), tries, reason!, false);
    }
  }

  /** The stop open now: the one put back after the last try, or the original. */
  private async current(stop: ProtectiveOrderRow, tries: number): Promise<ProtectiveOrderRow> {
    const restored = breakEvenIds(stop.clientAlgoId, tries).restored;
    const rows = await this.repository.forSignal(stop.signalId);
    return rows.find((r) => r.clientAlgoId === restored && r.status === 'NEW') ?? stop;
  }

  /** One try: cancel the stop, place it at break-even; when that is refused, put the old one back. */
  private async tryMove(
    stop: ProtectiveOrderRow,
    n: number,
    delaysMs: readonly number[],
  ): Promise<{ outcome: TryOutcome; reason?: string }> {
    const direction = stop.side === 'SELL' ? 'LONG' : 'SHORT';
    const [rules, quote] = await Promise.all([
      this.exchange.symbolRules(stop.symbol),
      this.exchange.price(stop.symbol),
    ]);
    if (!rules) throw new Error(`the rules of ${stop.symbol} could not be read`);
    const entry = dec(stop.entryPrice);
    if (!entry) {
      await this.repository.update(stop.clientAlgoId, {
        note: 'Break-even not possible: no entry price',
        breakEven: false,
      });
      return { outcome: 'decided' };
    }
    const target = breakEvenPrice(
      direction,
      entry,
      new Decimal(DEFAULT_TAKER_FEE_RATE),
      rules.tickSize,
      rules.minPrice,
    );
    const current = dec(stop.triggerPrice)!;
    const better = direction === 'LONG' ? target.gt(current) : target.lt(current);
    const placeable = direction === 'LONG' ? target.lt(quote.price) : target.gt(quote.price);
    if (!better || !placeable) {
      const note = !better
        ? 'Break-even not needed: the stop is already at or beyond it'
        : `Break-even ${target.toString()} not placed: the price ${quote.price.toString()} is already past it`;
      await this.repository.update(stop.clientAlgoId, { note, breakEven: false });
      return { outcome: 'decided' };
    }
    try {
      await this.exchange.cancelConditionalOrder(stop.symbol, stop.algoId!);
    } catch (error) {
      // Gone already (-2011 unknown order, -2013): it triggered or was cancelled; the monitor records its fate.
      if (error instanceof ExchangeError && (error.code === -2011 || error.code === -2013)) return { outcome: 'gone' };
      throw error;
    }
    const ids = breakEvenIds(stop.clientAlgoId, n);
    const moved = await this.placeStop(stop, target, ids.moved, delaysMs, false);
    if (!moved.error) {
      await this.repository.update(stop.clientAlgoId, {
        status: 'CANCELED',
        note: `Moved to break-even ${target.toString()}${n > 1 ? ` on try ${n}` : ''}`,
      });
      this.emit('protection.moved-to-break-even', stop, 'CANCELED', `stop moved to ${target.toString()}`);
      return { outcome: 'moved' };
    }
    // The new stop was refused: put the old one back (still due: the next check tries the move again).
    const restored = await this.placeStop(stop, current, ids.restored, delaysMs, true);
    const reason = `break-even ${target.toString()} refused (${moved.error.message})`;
    await this.repository.update(stop.clientAlgoId, {
      status: 'CANCELED',
      note:
        `Break-even try ${n} of ${BREAK_EVEN_TRIES}: ${reason}; ` +
        (restored.error ? `putting the stop back failed too (${restored.error.message})` : 'stop put back'),
    });
    if (!restored.error) return { outcome: 'restored', reason };
    return { outcome: 'unprotected', reason: `${reason}; putting the stop back failed (${restored.error.message})` };
  }

  /** Recorded on the stop, emitted, and the trader notified (in the stop's record transaction). */
  private async giveUp(stop: ProtectiveOrderRow, tries: number, reason: string, unprotected: boolean): Promise<void> {
    const direction = stop.side === 'SELL' ? 'LONG' : 'SHORT';
    const trigger = stop.triggerPrice?.toString();
    const state = unprotected ? 'NO stop loss: act on Binance now' : `the stop stays at ${trigger}`;
    const note = unprotected
      ? `Break-even failed and the stop could not be put back: the position has NO STOP LOSS (${reason})`
      : `Break-even given up after ${tries} tries (${reason}): the stop stays at ${trigger}`;
    this.failedReads.delete(stopBaseId(stop.clientAlgoId));
    await this.repository.recordFailure(
      stop.clientAlgoId,
      { note, breakEven: false },
      { symbol: stop.symbol, side: direction, what: 'break-even', reason, state, unprotected },
      `${stopBaseId(stop.clientAlgoId)}:protection.failed:break-even`,
    );
    if (unprotected) this.logger.error(`${stop.symbol} ${direction}: ${note}`);
    else this.logger.warn(`${stop.symbol} ${direction}: ${note}`);
    this.emit('protection.break-even-failed', stop, unprotected ? 'FAILED' : stop.status, note);
  }

  private async placeStop(
    stop: ProtectiveOrderRow,
    trigger: Decimal,
    clientAlgoId: string,
    delaysMs: readonly number[],
    keepsBreakEven: boolean,
  ) {
    const request: ConditionalOrderRequest = {
      symbol: stop.symbol,
      side: stop.side,
      positionSide: stop.positionSide,
      type: 'STOP_MARKET',
      triggerPrice: trigger,
      closePosition: true,
      workingType: stop.workingType as ConditionalOrderRequest['workingType'],
      clientAlgoId,
    };
    const { replaced, ...sent } = await sendCloseAll(this.exchange, request, delaysMs);
    for (const old of replaced) {
      await this.repository
        .update(old.clientAlgoId, { status: 'CANCELED', note: `Replaced by ${clientAlgoId}` })
        .catch(() => undefined);
    }
    await this.repository.record(stop.signalId, {
      kind: 'STOP_LOSS',
      request,
      // A stop put back after a refused move keeps the move due, so the next check tries it again.
      breakEven: keepsBreakEven,
      entryPrice: dec(stop.entryPrice),
      replacesId: stop.clientAlgoId,
      ...sent,
    });
    return sent;
  }

  private emit(type: ProtectionEvent['type'], row: ProtectiveOrderRow, status: ProtectionStatus, note: string) {
    this.events.emit({
      type,
      signalId: row.signalId,
      symbol: row.symbol,
      positionSide: row.positionSide,
      kind: 'STOP_LOSS',
      clientAlgoId: row.clientAlgoId,
      status,
      triggerPrice: row.triggerPrice?.toString(),
      at: new Date(),
      note,
    });
  }
}
