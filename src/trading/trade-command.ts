/**
 * What the webhook hands to trading (one validated trade command) and what it gets back (one outcome,
 * whichever flow ran): the words of the hand-over between intake and the trading flows.
 */
import type { CalculationRecord, ProtectiveOrderRecord } from '../journal/signal-record';
import type { CloseResult } from './close/close.service';
import type { PartialRequest } from './close/partial-close';
import type { PartialCloseOutcome } from './close/partial-close.service';
import type { CancelledOrder, OrderAttempt } from './orders/order-attempt';
import type { TargetOutcome, TargetRequest } from './target-position.service';
import type { OpenOutcome, OpenRequest } from './trading.service';

/** A buy or sell: open, add to or reverse a position (the open flow's request, named). */
export interface OpenCommand extends OpenRequest {
  flow: 'open';
}

/** A close of every position of the symbol, with its open orders cancelled. */
export interface CloseCommand {
  flow: 'close';
  signalId: string;
  symbol: string;
  /** State-aware route: an already flat symbol is skipped. */
  stateAware: boolean;
}

/** A partial exit (close_percentage / close_quantity). */
export interface PartialCloseCommand {
  flow: 'partial-close';
  signalId: string;
  symbol: string;
  /** State-aware route: nothing held is skipped rather than done. */
  stateAware: boolean;
  partial: PartialRequest;
}

/** A target position (market_position): only the difference from what is held is traded. */
export interface TargetCommand extends TargetRequest {
  flow: 'target';
}

export type TradeCommand = OpenCommand | CloseCommand | PartialCloseCommand | TargetCommand;

/** What every flow reports alike: how it ended, and what the signal's record keeps. */
interface TradeEnd {
  status: 'executed' | 'skipped' | 'failed';
  note?: string;
  /** Why it failed (after any orders that did go through). */
  error?: Error;
  exchangeMs: number;
  calculation?: CalculationRecord;
  orders: OrderAttempt[];
  cancelledOrders: CancelledOrder[];
  protectiveOrders?: ProtectiveOrderRecord[];
}

/** One outcome type for every flow; `result` is the flow's own account of it, for the answer. */
export type TradeOutcome =
  | (TradeEnd & { flow: 'open'; result: OpenOutcome })
  | (TradeEnd & { flow: 'close'; result: CloseResult })
  | (TradeEnd & { flow: 'partial-close'; result: PartialCloseOutcome })
  | (TradeEnd & {
      flow: 'target';
      result: TargetOutcome;
      /** The symbol's base asset, for the answer's words. */ baseAsset: string;
    });
