/**
 * Binance keeps at most one close-all (closePosition) stop and one close-all
 * take profit per direction of a position, and refuses another with -4130
 * ("An open stop or take profit order with GTE and closePosition in the
 * direction is existing",
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code).
 * Our stop loss is a close-all STOP_MARKET, so a stop already resting on that
 * side decides what happens:
 * - one of ours (an earlier signal's, a break-even or restored stop): it is
 *   replaced, cancelled first (both cannot rest at once);
 * - one placed by the trader (Binance's app, another bot): we never cancel it;
 *   an alert asking for a stop on that side is refused before the entry, and a
 *   stop that meets one later is reported, the trader's stop still protecting.
 */
import { SignalRejection } from '../../common/signal-rejection';
import type { ConditionalOrder, ConditionalOrderRequest } from '../../exchange/exchange.port';

export const CLOSE_ALL_EXISTS = -4130;

/** Ours: placed by this service (client algo ids derived from signal ids). */
export const isOurs = (order: Pick<ConditionalOrder, 'clientAlgoId'>) => order.clientAlgoId.startsWith('tvb_');

/** The open close-all orders a close-all `request` would meet (-4130): same symbol, side, position side and type. */
export function closeAllConflicts(
  open: readonly ConditionalOrder[],
  request: Pick<ConditionalOrderRequest, 'symbol' | 'side' | 'positionSide' | 'type' | 'closePosition'>,
): ConditionalOrder[] {
  if (!request.closePosition) return [];
  return open.filter(
    (o) =>
      o.closePosition &&
      o.status === 'NEW' &&
      o.symbol === request.symbol &&
      o.side === request.side &&
      o.positionSide === request.positionSide &&
      o.type === request.type,
  );
}

/** Words for a close-all order not placed by this service. */
export function describeForeign(order: ConditionalOrder): string {
  const kind = order.type === 'STOP_MARKET' ? 'stop' : 'take profit';
  const side = order.side === 'SELL' ? 'long' : 'short';
  return (
    `a close-position ${kind} not placed by this service (algo id ${order.algoId}, trigger ` +
    `${order.triggerPrice.toString()}) already rests on the ${side} side of ${order.symbol}`
  );
}

/**
 * Before an entry: a stop_loss asked for on a side where the trader's own
 * close-all stop rests could never be placed (-4130), so the entry is refused.
 */
export function refuseForeignStop(
  open: readonly ConditionalOrder[],
  stop: Pick<ConditionalOrderRequest, 'symbol' | 'side' | 'positionSide' | 'type' | 'closePosition'> | undefined,
): void {
  if (!stop) return;
  const foreign = closeAllConflicts(open, stop).find((o) => !isOurs(o));
  if (!foreign) return;
  throw new SignalRejection(
    `stop_loss cannot be placed: ${describeForeign(foreign)}, and Binance keeps one close-position stop per ` +
      'direction (-4130); nothing was sent',
    'INVALID_PROTECTION',
    422,
    [
      'Cancel that stop on Binance and send the alert again, or send the alert without stop_loss ' +
        '(your own stop keeps protecting the position)',
    ],
  );
}
