/**
 * Client order ids are derived from the signal id and the order's purpose, so
 * the same intent always carries the same id: an order whose answer was lost,
 * and after a crash every order of a signal, can be looked up by id. (The id
 * does not stop a re-send from filling twice: Binance refuses a reused id only
 * while its order rests on the book; see orders/unknown-outcome.ts.)
 */
import { randomBytes } from 'node:crypto';
import type { OrderPurpose } from './orders/order-attempt';

const PURPOSE_CODES: Record<OrderPurpose, string> = {
  OPEN: 'op',
  REVERSAL: 'rv',
  CLOSE_OPPOSITE: 'co',
  CLOSE_LONG: 'cl',
  CLOSE_SHORT: 'cs',
  REDUCE_LONG: 'rl',
  REDUCE_SHORT: 'rs',
  CLOSE_UNPROTECTED: 'cu',
};

/** A sortable, compact signal id: time in base 36, then randomness (≤ 20 chars). */
export function newSignalId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(6).toString('hex')}`;
}

/**
 * `part` numbers the orders of one purpose when it takes several (a close
 * above the market lot maximum is split): part 1 keeps the plain id, part n
 * appends n, so every order of a signal has its own id.
 */
export function clientOrderId(signalId: string, purpose: OrderPurpose, part = 1): string {
  // Binance allows ^[.A-Z:/a-z0-9_-]{1,36}$; "tvb_" + 20 + "_" + 2 + up to 3 digits = 30.
  return `tvb_${signalId}_${PURPOSE_CODES[purpose]}${part > 1 ? part : ''}`;
}

/** A protective (algo) order's id: the signal id and the order's code (sl, tp1…tp5, ts, sl-1…). */
export function clientAlgoId(signalId: string, code: string): string {
  // "tvb_" + 20 + "_" + at most 6 = 31, within Binance's 36.
  return `tvb_${signalId}_${code}`;
}
