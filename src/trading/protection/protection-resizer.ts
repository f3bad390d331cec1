/**
 * Re-fits a side's protection to the position it protects after the position
 * changed size outside an entry: a take profit filled (a trailing stop sized
 * for the whole position would then be larger than it), or a partial close.
 * The stop loss closes the whole side (closePosition) and never needs it.
 *
 * replaceForPosition(symbol, positionSide) is the one call for it. Take
 * profits still open split the position held now in the proportions of their
 * size_percent, covering all of it when the ladder did (the levels already
 * filled left out); a trailing stop carries the whole position. Each order is
 * cancelled and placed again with a new client algo id (the old one plus -rN),
 * recorded with the old one as `replacesId`. Call it inside the symbol's queue, as the account whose
 * position it is (account-context.ts): only that account's protection is read and re-fitted.
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { currentAccountId } from '../../exchange/account-context';
import { ExchangeError } from '../../exchange/exchange-error';
import {
  ConditionalOrderRequest,
  EXCHANGE,
  ExchangePort,
  OpenPosition,
  PositionSide,
} from '../../exchange/exchange.port';
import { ProtectionRepository, ProtectiveOrderRow } from '../../journal/protection.repository';
import type { CancelledOrder } from '../orders/order-attempt';
import { protectionResizes, ResizeOutcome, resizeInProportion } from './protection-resize';
import { ladderQuantities } from './take-profit-ladder';
import { sendProtectiveOrder } from './protective-order-sender';

export type { ResizedProtection, ResizeOutcome } from './protection-resize';

/** A reduction a signal made: the position as held before it. */
export interface Reduction {
  signalId: string;
  before: OpenPosition;
  /** First number of the pr<n> client algo ids (several legs of one signal). */
  firstIndex?: number;
}

const dec = (value: { toString(): string } | null | undefined) =>
  value === null || value === undefined ? undefined : new Decimal(value.toString());

/** The next client algo id of a resized order: tvb_<signal>_tp1 → tvb_<signal>_tp1-r1 → …-r2. */
export function resizedClientAlgoId(clientAlgoId: string): string {
  const match = /^(.*)-r(\d+)$/.exec(clientAlgoId);
  return match ? `${match[1]}-r${Number(match[2]) + 1}` : `${clientAlgoId}-r1`;
}

/**
 * The quantities of the take profits still open, for the position held now
 * (pure). `open` and `filled` are size_percent values of the ladder's levels.
 */
export function resizedLadder(held: Decimal, open: Decimal[], filled: Decimal[], step: Decimal): Decimal[] {
  const left = new Decimal(100).sub(filled.reduce((a, b) => a.add(b), new Decimal(0)));
  if (left.lte(0) || open.length === 0) return open.map(() => new Decimal(0));
  // Shares of what is left: all of it when the open levels are all that is left of a 100% ladder.
  const shares = open.map((size) => size.mul(100).div(left));
  const total = shares.reduce((a, b) => a.add(b), new Decimal(0));
  const fitted = total.gt(100) ? shares.map((s) => s.mul(100).div(total)) : shares;
  if (total.gte('99.999999'))
    fitted[fitted.length - 1] = new Decimal(100).sub(fitted.slice(0, -1).reduce((a, b) => a.add(b), new Decimal(0)));
  return ladderQuantities(held, fitted, step);
}

@Injectable()
export class ProtectionResizer {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly repository: ProtectionRepository,
  ) {}

  /**
   * `reduction`: the position as held before a reduction made by a signal (a partial exit, a smaller
   * target). Orders outside a ladder (the trader's own, quantity-based ones) are then resized in
   * proportion, re-placed under our client algo id and recorded for that signal.
   */
  async replaceForPosition(symbol: string, positionSide: PositionSide, reduction?: Reduction): Promise<ResizeOutcome> {
    // Only what is still waiting on the exchange: a row the monitor has not caught up with yet is left to it.
    const [rows, live] = await Promise.all([
      this.repository.open(symbol, currentAccountId()),
      this.exchange.openConditionalOrders(symbol),
    ]);
    const waiting = new Map(live.map((o) => [o.clientAlgoId, o]));
    const recorded = new Set(rows.map((r) => r.clientAlgoId));
    const ours = rows.filter((r) => r.positionSide === positionSide && !r.closePosition && waiting.has(r.clientAlgoId));
    // A ladder: take profits with their share of the position, and the trailing stop (all of it).
    const open = ours.filter((r) => r.kind === 'TRAILING_STOP' || (r.kind === 'TAKE_PROFIT' && r.sizePercent !== null));
    const proportional = reduction
      ? [
          ...ours.filter((r) => !open.includes(r)).map((r) => waiting.get(r.clientAlgoId)!),
          ...live.filter((o) => !recorded.has(o.clientAlgoId) && o.positionSide === positionSide),
        ]
      : [];
    const outcome: ResizeOutcome = { resized: [], cancelled: [] };
    if (open.length === 0 && proportional.length === 0) return outcome;
    const [state, rules] = await Promise.all([this.exchange.positions(symbol), this.exchange.symbolRules(symbol)]);
    const direction = reduction?.before.direction ?? (open[0].side === 'SELL' ? 'LONG' : 'SHORT');
    const held = state.positions.find((p) => p.positionSide === positionSide && p.direction === direction);
    if (!held || !rules) {
      for (const row of open)
        if (await this.cancel(row, 'The position is closed')) outcome.cancelled.push(cancelled(row));
      return outcome;
    }
    if (reduction && proportional.length) {
      const resizes = protectionResizes(
        proportional,
        reduction.before,
        held.quantity,
        rules,
        reduction.signalId,
        reduction.firstIndex,
      );
      const done = await resizeInProportion(this.exchange, this.repository, resizes, reduction.signalId, recorded);
      outcome.resized.push(...done.resized);
      outcome.cancelled.push(...done.cancelled);
      outcome.error = done.error;
    }
    const targets = open.filter((r) => r.kind === 'TAKE_PROFIT').sort((a, b) => (a.level ?? 0) - (b.level ?? 0));
    const quantities = new Map<string, Decimal>();
    for (const signalId of new Set(targets.map((r) => r.signalId))) {
      const ladder = targets.filter((r) => r.signalId === signalId);
      const filled = (await this.repository.forSignal(signalId)).filter(
        (r) => r.kind === 'TAKE_PROFIT' && r.status === 'FINISHED',
      );
      const sizes = resizedLadder(
        held.quantity,
        ladder.map((r) => dec(r.sizePercent) ?? new Decimal(0)),
        filled.map((r) => dec(r.sizePercent) ?? new Decimal(0)),
        rules.marketStepSize,
      );
      ladder.forEach((row, i) => quantities.set(row.clientAlgoId, sizes[i]));
    }
    for (const row of open) {
      const quantity = row.kind === 'TRAILING_STOP' ? held.quantity : quantities.get(row.clientAlgoId)!;
      if (dec(row.quantity)?.eq(quantity)) continue;
      if (quantity.lt(rules.marketMinQty) || quantity.lte(0)) {
        if (await this.cancel(row, `Resized to ${quantity.toString()}, below the minimum quantity`))
          outcome.cancelled.push(cancelled(row));
        continue;
      }
      try {
        const placed = await this.replace(row, quantity);
        if (!placed) continue;
        outcome.cancelled.push(cancelled(row));
        if (placed.error) outcome.error ??= placed.error;
        else if (placed.result) {
          const from = dec(row.quantity) ?? new Decimal(0);
          outcome.resized.push({
            algoId: row.algoId!,
            type: row.type,
            from,
            to: quantity,
            newAlgoId: placed.result.algoId,
          });
        }
      } catch (error) {
        // A cancel refused: the order stays as it was; the next ones are still re-fitted.
        if (!(error instanceof ExchangeError)) throw error;
        outcome.error ??= error;
      }
    }
    return outcome;
  }

  /** False when the order was gone already. */
  private async cancel(row: ProtectiveOrderRow, why: string): Promise<boolean> {
    try {
      await this.exchange.cancelConditionalOrder(row.symbol, row.algoId!);
    } catch (error) {
      // Gone already (-2011 unknown order, -2013 does not exist): the monitor records its own fate.
      if (error instanceof ExchangeError && (error.code === -2011 || error.code === -2013)) return false;
      throw error;
    }
    await this.repository.update(row.clientAlgoId, { status: 'CANCELED', note: `${why}: cancelled` });
    return true;
  }

  /**
   * Cancel, then place the same order with the new quantity (cancelled first: a symbol holds at most 10
   * conditional orders, and the stop loss, a close-position order, keeps the position covered meanwhile).
   * Undefined when the order was gone already (triggered or cancelled: the monitor records its fate).
   */
  private async replace(row: ProtectiveOrderRow, quantity: Decimal) {
    if (!(await this.cancel(row, `Resized to ${quantity.toString()}`))) return undefined;
    const request: ConditionalOrderRequest = {
      symbol: row.symbol,
      side: row.side,
      positionSide: row.positionSide,
      type: row.type as ConditionalOrderRequest['type'],
      quantity,
      reduceOnly: row.positionSide === 'BOTH' ? true : undefined,
      triggerPrice: dec(row.triggerPrice),
      callbackRate: dec(row.callbackRate),
      activatePrice: dec(row.activationPrice),
      workingType: row.workingType as ConditionalOrderRequest['workingType'],
      clientAlgoId: resizedClientAlgoId(row.clientAlgoId),
    };
    if (row.kind === 'TRAILING_STOP' && request.activatePrice) {
      // Already activated (the price went through it): Binance refuses it again (-2021); it trails from now.
      const { price } = await this.exchange.price(row.symbol);
      if (row.side === 'SELL' ? request.activatePrice.lte(price) : request.activatePrice.gte(price)) {
        delete request.activatePrice;
      }
    }
    const sent = await sendProtectiveOrder(this.exchange, request);
    await this.repository.record(row.signalId, {
      kind: row.kind,
      level: row.level ?? undefined,
      request,
      sizePercent: dec(row.sizePercent),
      entryPrice: dec(row.entryPrice),
      replacesId: row.clientAlgoId,
      ...sent,
    });
    return sent;
  }
}

function cancelled(row: ProtectiveOrderRow): CancelledOrder {
  return {
    kind: 'conditional',
    orderId: row.algoId ?? row.clientAlgoId,
    clientOrderId: row.clientAlgoId,
    symbol: row.symbol,
    type: row.type,
    side: row.side,
    positionSide: row.positionSide,
    quantity: row.quantity?.toString() ?? '0',
    price: (row.triggerPrice ?? row.activationPrice)?.toString() ?? '0',
    closePosition: row.closePosition,
  };
}
