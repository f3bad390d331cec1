/**
 * Protection of an entry a crash interrupted. The service places an entry's
 * protection right after the entry fills, before the signal is recorded; a
 * crash in between leaves a position the alert asked to protect with nothing
 * (or part of it) on the exchange. When the interrupted signal is settled (at
 * the next start, or by another instance), its entry found filled:
 * - every protective order it asked for is on the exchange (found by its
 *   client algo id, derived from the signal id): they are recorded;
 * - otherwise, while the position is still held, the protection is placed
 *   now (sized from the position held, percent triggers from the entry's fill
 *   price), replacing what part of it did land; and when it cannot be placed
 *   (the price went through a trigger meanwhile, the exchange refuses it),
 *   PROTECTION_FAILURE acts (close or keep), as after any entry.
 * Runs as the signal's account, inside its queue for the symbol, so no signal acts on it meanwhile.
 */
import { Inject, Injectable } from '@nestjs/common';
import { currentAccountId } from '../../exchange/account-context';
import { ConditionalOrder, EXCHANGE, ExchangePort, OrderResult } from '../../exchange/exchange.port';
import type { ProtectiveOrderRecord } from '../../journal/signal-record';
import { PositionsService } from '../../positions/positions.service';
import { clientAlgoId } from '../client-order-id';
import { queueKey, SymbolQueue } from '../symbol-queue';
import type { ProtectionRequest } from './protection-request';
import { ProtectionOutcome, ProtectionService } from './protection.service';
import { protectionStatus } from './protective-order-sender';

export interface RecoveredProtection extends ProtectionOutcome {
  /** What was done, for the signal's note. */
  note: string;
}

interface AskedOrder {
  code: string;
  kind: ProtectiveOrderRecord['kind'];
  level?: number;
  sizePercent?: ProtectiveOrderRecord['sizePercent'];
}

/** The protective orders an alert asked for, by the code of their client algo id. */
function askedOrders(request: ProtectionRequest): AskedOrder[] {
  return [
    ...(request.stopLoss ? [{ code: 'sl', kind: 'STOP_LOSS' as const }] : []),
    ...request.takeProfits.map((l, i) => ({
      code: `tp${i + 1}`,
      kind: 'TAKE_PROFIT' as const,
      level: i + 1,
      sizePercent: l.sizePercent,
    })),
    ...(request.trailingStop ? [{ code: 'ts', kind: 'TRAILING_STOP' as const }] : []),
  ];
}

@Injectable()
export class InterruptedProtection {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly protection: ProtectionService,
    private readonly positions: PositionsService,
    private readonly queue: SymbolQueue,
  ) {}

  /** `entry`: the signal's opening order, found filled on the exchange. */
  settle(signalId: string, request: ProtectionRequest, entry: OrderResult): Promise<RecoveredProtection> {
    // As the account being settled (InterruptedSignalsService runs each signal as its account).
    return this.queue.run(queueKey(currentAccountId(), entry.symbol), () =>
      this.settleInQueue(signalId, request, entry),
    );
  }

  private async settleInQueue(
    signalId: string,
    request: ProtectionRequest,
    entry: OrderResult,
  ): Promise<RecoveredProtection> {
    const symbol = entry.symbol;
    const direction = entry.side === 'BUY' ? 'LONG' : 'SHORT';
    const asked = askedOrders(request);
    const found = await Promise.all(
      asked.map((a) => this.exchange.findConditionalOrder(symbol, clientAlgoId(signalId, a.code))),
    );
    if (found.every((o) => o && o.status !== 'CANCELED' && o.status !== 'REJECTED' && o.status !== 'EXPIRED')) {
      const records = asked.map((a, i) => this.foundRecord(a, found[i]!, request));
      return { records, replaced: [], note: `its ${records.length} protective order(s) were found on the exchange` };
    }
    const state = await this.positions.read(symbol);
    const held = state.positions.positions.find((p) => p.direction === direction);
    if (!held) {
      const records = asked.flatMap((a, i) => (found[i] ? [this.foundRecord(a, found[i], request)] : []));
      return {
        records,
        replaced: [],
        note: `its protection was not all placed, but the ${direction.toLowerCase()} position is no longer open`,
      };
    }
    const [rules, existing] = await Promise.all([
      this.exchange.symbolRules(symbol),
      this.exchange.openConditionalOrders(symbol),
    ]);
    const outcome = await this.protection.protect(
      signalId,
      request,
      {
        symbol,
        direction,
        mode: state.mode,
        quantity: held.quantity,
        fillPrice: entry.avgPrice,
        entryPrice: held.entryPrice,
      },
      rules!,
      existing,
    );
    const missing = asked.filter((_, i) => !found[i]).length;
    const note = outcome.failure
      ? `${missing} of its ${asked.length} protective order(s) were missing: ${outcome.failure.message}`
      : `${missing} of its ${asked.length} protective order(s) were missing: the protection was placed now`;
    return { ...outcome, note };
  }

  private foundRecord(asked: AskedOrder, order: ConditionalOrder, request: ProtectionRequest): ProtectiveOrderRecord {
    return {
      kind: asked.kind,
      level: asked.level,
      sizePercent: asked.sizePercent,
      breakEven: asked.kind === 'STOP_LOSS' && request.breakEven,
      request: {
        symbol: order.symbol,
        side: order.side,
        positionSide: order.positionSide,
        type: order.type as ProtectiveOrderRecord['request']['type'],
        quantity: order.closePosition ? undefined : order.quantity,
        closePosition: order.closePosition || undefined,
        reduceOnly: order.reduceOnly || undefined,
        triggerPrice: order.type === 'TRAILING_STOP_MARKET' ? undefined : order.triggerPrice,
        callbackRate: order.callbackRate,
        activatePrice: order.activatePrice,
        workingType: order.workingType,
        clientAlgoId: order.clientAlgoId,
      },
      result: order,
      status: protectionStatus(order),
      note: 'Found on the exchange by its client algo id after an interruption',
      placedAt: new Date(),
    };
  }
}
