/**
 * The notification vocabulary: every event a channel can be sent, what each
 * carries, and which ones are on unless switched off. Defined once here;
 * texts live in message-texts.ts.
 */
import type { OrderSide } from '../common/order-sides';

export const EVENT_TYPES = [
  'signal.executed',
  'signal.failed',
  'signal.refused',
  'signal.duplicate',
  'signal.stale',
  'protection.triggered',
  'protection.failed',
  'position.closed',
  'position.liquidated',
  'service.degraded',
  'service.recovered',
  'summary.daily',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const CHANNELS = ['telegram', 'discord', 'webhook'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** Duplicates and stale alerts are noise for most traders: off until asked for. */
export const DEFAULT_SWITCHES: Record<EventType, boolean> = {
  'signal.executed': true,
  'signal.failed': true,
  'signal.refused': true,
  'signal.duplicate': false,
  'signal.stale': false,
  'protection.triggered': true,
  'protection.failed': true,
  'position.closed': true,
  'position.liquidated': true,
  'service.degraded': true,
  'service.recovered': true,
  'summary.daily': true,
};

/** Decimal amounts travel as exact strings (never JS numbers). */
export type Amount = string;

export interface SignalExecuted {
  signalId: string;
  symbol: string;
  side: OrderSide;
  quantity: Amount;
  averagePrice?: Amount;
  leverage?: number;
  latencyMs: number;
  /** A reversal closed the opposite position first. */
  reversal: boolean;
}

export interface SignalFailed {
  signalId: string;
  symbol?: string;
  action?: string;
  reason: string;
  code?: string;
  suggestions: string[];
}

export interface SignalDuplicate {
  signalId: string;
  symbol?: string;
  action?: string;
  originalId?: string;
}

export interface SignalStale {
  signalId: string;
  symbol?: string;
  ageMs: number;
}

export interface ProtectionTriggered {
  symbol: string;
  kind: 'stop' | 'target' | 'trailing';
  side: string;
  quantity?: Amount;
  triggerPrice?: Amount;
  orderId: string;
}

/** Protection that could not be put where it belongs (a break-even move, a stop after a restart). */
export interface ProtectionFailed {
  symbol: string;
  side: string;
  /** What was being done: "break-even", "protection after a restart". */
  what: string;
  reason: string;
  /** What protects the position now, in words ("the stop stays at 49000", "NO stop loss"). */
  state: string;
  /** True when the position is left without a stop loss: act at once. */
  unprotected: boolean;
}

export interface PositionClosed {
  signalId: string;
  symbol: string;
  closed: Array<{ side: string; quantity: Amount; averagePrice?: Amount }>;
  /** Present when the exchange reported it with the close. */
  realizedPnl?: Amount;
  /** Commission of the closing fills, when the exchange reported it. */
  fees?: Amount;
}

export interface PositionLiquidated {
  symbol: string;
  side: string;
  quantity: Amount;
  price: Amount;
  /** Closed by auto-deleveraging (ADL: the exchange closed it against a liquidated counterparty), not liquidated. */
  adl?: boolean;
  /** The loss the exchange booked, when it reported one. */
  realizedPnl?: Amount;
}

export type ServiceCondition = 'database' | 'exchange' | 'rate-limited';

export interface ServiceDegraded {
  condition: ServiceCondition;
  detail: string;
  since: string;
}

export interface ServiceRecovered {
  condition: ServiceCondition;
  since: string;
  downForMs: number;
}

export interface DailySummary {
  from: string;
  to: string;
  signalsByStatus: Record<string, number>;
  executedOrders: number;
  /** Quote value (USDT) of the filled orders. */
  tradedValue: Amount;
  realizedPnl?: Amount;
  fees?: Amount;
  funding?: Amount;
  /** Closed trades with a positive realized PnL over all closed trades, as a percentage. */
  winRate?: string;
}

export interface EventPayloads {
  'signal.executed': SignalExecuted;
  'signal.failed': SignalFailed;
  'signal.refused': SignalFailed;
  'signal.duplicate': SignalDuplicate;
  'signal.stale': SignalStale;
  'protection.triggered': ProtectionTriggered;
  'protection.failed': ProtectionFailed;
  'position.closed': PositionClosed;
  'position.liquidated': PositionLiquidated;
  'service.degraded': ServiceDegraded;
  'service.recovered': ServiceRecovered;
  'summary.daily': DailySummary;
}

/** One outbox row: what happened, when, and the id that makes writing it twice harmless. */
export interface NotificationEventRecord<T extends EventType = EventType> {
  id: string;
  type: T;
  payload: EventPayloads[T];
  occurredAt: string;
}

/** A row for any event type, checked against its payload. */
export function notificationEvent<T extends EventType>(id: string, type: T, payload: EventPayloads[T], at: Date) {
  return { id, type, payload, occurredAt: at.toISOString() } as NotificationEventRecord;
}
