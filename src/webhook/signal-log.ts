/**
 * One log line per signal, readable by a trader: what was asked, what was
 * done (quantity and price), how it ended, how long it took, and why when it
 * did not work. Executed, skipped and duplicate signals log at info; refusals
 * and exchange refusals at warn; failures the trader cannot fix by editing the
 * alert (exchange down, 5xx) at error. Pure: the pipeline writes the entry.
 */
import Decimal from 'decimal.js';
import type { SignalHeader, SignalOutcome } from '../journal/signal-record';

export interface SignalLogEntry {
  level: 'log' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

function executedQuantity(outcome: SignalOutcome): Decimal | undefined {
  const filled = (outcome.orders ?? []).filter((o) => o.result);
  if (outcome.calculation) return outcome.calculation.quantity;
  if (!filled.length) return undefined;
  return filled.reduce((sum, o) => sum.add(o.result!.executedQty), new Decimal(0));
}

function fillPrice(outcome: SignalOutcome): Decimal | undefined {
  const filled = (outcome.orders ?? []).find((o) => o.result && o.result.avgPrice.gt(0));
  return filled?.result!.avgPrice ?? outcome.calculation?.price;
}

export function signalLogEntry(header: SignalHeader, outcome: SignalOutcome): SignalLogEntry {
  const status = outcome.status.toLowerCase();
  const action = header.action?.toLowerCase();
  const symbol = header.symbol ?? header.rawSymbol;
  const quantity = executedQuantity(outcome);
  const price = fillPrice(outcome);
  const latencyMs = Math.max(0, outcome.answeredAt.getTime() - header.receivedAt.getTime());
  const reason = outcome.errorMessage ?? (status === 'executed' ? undefined : outcome.note);
  const level = outcome.httpStatus >= 500 ? 'error' : status === 'failed' || status === 'rejected' ? 'warn' : 'log';
  const what = [action ?? 'signal', quantity?.toString(), symbol ?? '(no symbol)'].filter(Boolean).join(' ');
  const message =
    `signal ${header.id} ${status}: ${what}${price ? ` at ${price.toString()}` : ''}` +
    ` (${header.route}, ${outcome.httpStatus}, ${latencyMs} ms)${reason ? `: ${reason}` : ''}`;
  return {
    level,
    message,
    fields: {
      signalId: header.id,
      route: header.route,
      symbol: symbol ?? null,
      action: action ?? null,
      quantity: quantity?.toString() ?? null,
      price: price?.toString() ?? null,
      status,
      httpStatus: outcome.httpStatus,
      latencyMs,
      exchangeMs: outcome.exchangeMs ?? null,
      exchange: header.exchangeMode ?? null,
      ...(reason ? { reason } : {}),
      ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}),
    },
  };
}
