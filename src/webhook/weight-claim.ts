/**
 * What an alert's trade claims of the per-IP request-weight budget (request-weight-budget.ts): whose
 * share it comes from (its bot) and whether its orders can only reduce exposure (a close, a partial
 * exit, a flat target), which may then use the headroom kept for closes. And the answer when it does
 * not fit.
 */
import { SignalRejection } from '../common/signal-rejection';
import type { WeightClaim } from '../exchange/request-weight-budget';
import type { ValidSignal } from './signal-validation';

/** Pure: the claim of `signal`'s trade, made for the bot `botId`. */
export function weightClaim(botId: string, signal: Pick<ValidSignal, 'action' | 'target'>): WeightClaim {
  const reducesOnly = signal.action === 'close' || (signal.action === 'target' && signal.target?.position === 'flat');
  return { holder: botId, reducesOnly };
}

/** Nothing was sent to `where`: this minute's weight (or the bot's share of it) is used up. */
export function rateBudgetRefusal(retryInMs: number, where: string): SignalRejection {
  const seconds = Math.ceil(retryInMs / 1000);
  return new SignalRejection(
    `This minute's Binance request weight (shared by every account on this server, with a limit per bot) ` +
      `is used up: nothing sent to ${where}`,
    'RATE_BUDGET',
    503,
    [`The budget renews in ${seconds} s`, 'Fewer accounts per bot, or spread the accounts over two servers'],
  );
}
