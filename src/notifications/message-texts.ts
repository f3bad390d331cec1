/**
 * Every word a notification says, in one place: a title and a few short
 * "label: value" lines per event, readable on a phone's lock screen. The
 * channels only lay these out (Telegram HTML, Discord embeds, plain text).
 * Nothing here may carry a secret: events hold no credentials.
 */
import Decimal from 'decimal.js';
import type { EventPayloads, EventType, ServiceCondition } from './notification-events';

export type Tone = 'good' | 'bad' | 'warning' | 'info';

export interface MessageText {
  title: string;
  tone: Tone;
  lines: Array<[label: string, value: string]>;
  /** A longer remark shown under the lines (reasons, suggestions). */
  note?: string;
}

const CONDITIONS: Record<ServiceCondition, string> = {
  database: 'Database unreachable',
  exchange: 'Exchange unreachable',
  'rate-limited': 'Exchange rate limit',
};

const PROTECTIONS = { stop: 'Stop loss', target: 'Take profit', trailing: 'Trailing stop' } as const;

const sideWord = (side: string) =>
  side === 'BUY' ? 'Long' : side === 'SELL' ? 'Short' : side[0] + side.slice(1).toLowerCase();
const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const minutes = (ms: number) => (ms < 120_000 ? seconds(ms) : `${Math.round(ms / 60_000)} min`);
const present = (lines: Array<[string, string | undefined]>) =>
  lines.filter((l): l is [string, string] => l[1] !== undefined);
const suggestionsNote = (reason: string, suggestions: string[]) =>
  [reason, ...suggestions.slice(0, 3).map((s) => `• ${s}`)].join('\n');

type Texts = { [T in EventType]: (p: EventPayloads[T]) => MessageText };

const TEXTS: Texts = {
  'signal.executed': (p) => ({
    title: `${sideWord(p.side)} ${p.symbol}${p.reversal ? ' (reversed)' : ''}`,
    tone: 'good',
    lines: present([
      ['Quantity', p.quantity],
      ['Avg price', p.averagePrice],
      ['Leverage', p.leverage === undefined ? undefined : `${p.leverage}x`],
      ['Latency', seconds(p.latencyMs)],
    ]),
  }),
  'signal.failed': (p) => ({
    title: `Order failed${p.symbol ? `: ${p.symbol}` : ''}`,
    tone: 'bad',
    lines: present([
      ['Action', p.action?.toLowerCase()],
      ['Code', p.code],
    ]),
    note: suggestionsNote(p.reason, p.suggestions),
  }),
  'signal.refused': (p) => ({
    title: `Alert refused${p.symbol ? `: ${p.symbol}` : ''}`,
    tone: 'warning',
    lines: present([
      ['Action', p.action?.toLowerCase()],
      ['Code', p.code],
    ]),
    note: suggestionsNote(p.reason, p.suggestions),
  }),
  'signal.duplicate': (p) => ({
    title: `Duplicate alert ignored${p.symbol ? `: ${p.symbol}` : ''}`,
    tone: 'info',
    lines: present([
      ['Action', p.action?.toLowerCase()],
      ['Original', p.originalId],
    ]),
  }),
  'signal.stale': (p) => ({
    title: `Stale alert ignored${p.symbol ? `: ${p.symbol}` : ''}`,
    tone: 'warning',
    lines: [['Age', minutes(p.ageMs)]],
  }),
  'protection.triggered': (p) => ({
    title: `${PROTECTIONS[p.kind]} hit: ${p.symbol}`,
    tone: p.kind === 'target' ? 'good' : 'warning',
    lines: present([
      ['Side', sideWord(p.side)],
      ['Quantity', p.quantity],
      ['Trigger', p.triggerPrice],
    ]),
  }),
  'protection.failed': (p) => ({
    title: `${p.unprotected ? 'UNPROTECTED' : 'Protection failed'}: ${p.symbol}`,
    tone: p.unprotected ? 'bad' : 'warning',
    lines: [
      ['Side', sideWord(p.side)],
      ['What', p.what],
      ['Now', p.state],
    ],
    note: p.reason,
  }),
  'position.closed': (p) => ({
    title: `Closed ${p.symbol}`,
    tone: p.realizedPnl?.startsWith('-') ? 'bad' : 'good',
    lines: [
      ...p.closed.map((c): [string, string] => [
        sideWord(c.side),
        `${c.quantity}${c.averagePrice ? ` @ ${c.averagePrice}` : ''}`,
      ]),
      ['Realized PnL', p.realizedPnl === undefined ? 'see the exchange' : `${p.realizedPnl} USDT`],
      ...present([['Fees', p.fees === undefined ? undefined : `${p.fees} USDT`]]),
    ],
  }),
  'position.liquidated': (p) => ({
    title: `${p.adl ? 'AUTO-DELEVERAGED' : 'LIQUIDATED'}: ${p.symbol}`,
    tone: 'bad',
    lines: present([
      ['Side', sideWord(p.side)],
      ['Quantity', p.quantity],
      ['Price', p.price],
      ['Realized PnL', p.realizedPnl === undefined ? undefined : `${p.realizedPnl} USDT`],
    ]),
  }),
  'service.degraded': (p) => ({
    title: `Degraded: ${CONDITIONS[p.condition]}`,
    tone: 'bad',
    lines: [['Since', p.since.slice(11, 19) + ' UTC']],
    note: p.detail,
  }),
  'service.recovered': (p) => ({
    title: `Recovered: ${CONDITIONS[p.condition]}`,
    tone: 'good',
    lines: [['Down for', minutes(p.downForMs)]],
  }),
  'summary.daily': (p) => ({
    title: `Daily summary ${p.to.slice(0, 10)}`,
    tone: 'info',
    lines: present([
      ['Realized PnL', p.realizedPnl === undefined ? undefined : `${p.realizedPnl} USDT`],
      ['Fees', p.fees === undefined ? undefined : `${p.fees} USDT`],
      ['Funding', p.funding === undefined ? undefined : `${p.funding} USDT`],
      ['Win rate', p.winRate === undefined ? undefined : `${p.winRate}%`],
      ['Orders filled', String(p.executedOrders)],
      ['Traded', `${new Decimal(p.tradedValue).toDecimalPlaces(2).toString()} USDT`],
      [
        'Signals',
        Object.entries(p.signalsByStatus)
          .map(([status, count]) => `${count} ${status.toLowerCase()}`)
          .join(', ') || 'none',
      ],
    ]),
  }),
};

export function messageText<T extends EventType>(type: T, payload: EventPayloads[T]): MessageText {
  return (TEXTS[type] as (p: EventPayloads[T]) => MessageText)(payload);
}

/** What POST /api/admin/notifications/test sends. */
export function testMessageText(at: Date): MessageText {
  return {
    title: 'tvbridge test message',
    tone: 'info',
    lines: [['Sent', `${at.toISOString().slice(0, 19)} UTC`]],
    note: 'This channel receives your trade notifications.',
  };
}
