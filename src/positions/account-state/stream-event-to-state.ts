/**
 * The account stream's events in the state holder's words (pure): what of a
 * fill, a balance or position update, a conditional order, a leverage change
 * or a mark price the holder keeps, timed by the exchange's transaction time.
 * Connection changes, margin calls and Multi-Assets changes are none of its
 * business (the live holder treats connections itself).
 */
import type { AccountDataEvent, MarkPriceEvent } from '../../exchange/streams/account-stream-events';
import type { AccountEvent } from './account-events';

/** Binance's user-data stream tells every asset; the service trades in USDT. */
const QUOTE_ASSET = 'USDT';

export function stateEventFrom(event: AccountDataEvent | MarkPriceEvent): AccountEvent | undefined {
  switch (event.type) {
    case 'account': {
      const usdt = event.balances.find((b) => b.asset === QUOTE_ASSET);
      return {
        kind: 'account',
        time: event.transactionTime,
        balance: usdt && { wallet: usdt.walletBalance, crossWallet: usdt.crossWalletBalance },
        positions: event.positions.map((p) => ({
          symbol: p.symbol,
          positionSide: p.positionSide,
          amount: p.amount,
          entryPrice: p.entryPrice,
          marginType: p.marginType,
        })),
      };
    }
    case 'order':
      return {
        kind: 'order',
        time: event.transactionTime,
        order: {
          orderId: event.orderId,
          clientOrderId: event.clientOrderId,
          symbol: event.symbol,
          side: event.side,
          positionSide: event.positionSide,
          type: event.orderType,
          origQty: event.quantity,
          price: event.price,
          status: event.orderStatus,
          executedQty: event.filledQuantity,
        },
      };
    case 'algo':
      return {
        kind: 'algo',
        time: event.transactionTime,
        order: {
          algoId: event.algoId,
          clientAlgoId: event.clientAlgoId,
          symbol: event.symbol,
          side: event.side,
          positionSide: event.positionSide,
          type: event.orderType,
          status: event.status,
          quantity: event.quantity,
          triggerPrice: event.triggerPrice,
          price: event.price,
          closePosition: event.closePosition,
          reduceOnly: event.reduceOnly,
          actualOrderId: event.actualOrderId || undefined,
          triggerTime: event.triggerTime,
          updateTime: event.transactionTime,
          raw: event,
        },
      };
    case 'config':
      if (event.symbol === undefined || event.leverage === undefined) return undefined;
      return { kind: 'leverage', time: event.transactionTime, symbol: event.symbol, leverage: event.leverage };
    case 'markPrice':
      return { kind: 'mark-price', time: event.eventTime, symbol: event.symbol, markPrice: event.markPrice };
    default:
      return undefined;
  }
}
