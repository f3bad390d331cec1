/** What the journal writes for one signal: the signal itself, its sizing and its orders. */
import Decimal from 'decimal.js';
import type { ConditionalOrder, ConditionalOrderRequest } from '../exchange/exchange.port';
import type { MarginType } from '../common/margin-types';
import type { CancelledOrder, OrderAttempt } from '../trading/orders/order-attempt';
import type { ExchangeError } from '../exchange/exchange-error';

/** A signal's status in the journal (signals.status), from arrival to its end. */
export const RECORDED_STATUSES = [
  'RECEIVED',
  'PROCESSING',
  'EXECUTED',
  // A bot alert some of whose accounts traded and others did not.
  'PARTIAL',
  'FAILED',
  'REJECTED',
  'SKIPPED',
  'DUPLICATE',
] as const;
export type RecordedStatus = (typeof RECORDED_STATUSES)[number];

/** What a signal asked for, as recorded (signals.action). */
export const RECORDED_ACTIONS = ['BUY', 'SELL', 'CLOSE', 'TARGET'] as const;
export type RecordedAction = (typeof RECORDED_ACTIONS)[number];

export interface SignalHeader {
  id: string;
  route: string;
  clientIp?: string;
  /** The received payload with secrets removed (or {raw} when it was not JSON). */
  payload: unknown;
  receivedAt: Date;
  action?: RecordedAction;
  rawSymbol?: string;
  symbol?: string;
  balancePercentage?: Decimal;
  leverage?: number;
  entryPrice?: Decimal;
  marginType?: MarginType;
  /** Target-position alerts: what was asked (size as sent) and TradingView's previous position. */
  targetPosition?: 'LONG' | 'SHORT' | 'FLAT';
  targetQuantity?: Decimal;
  prevMarketPosition?: 'LONG' | 'SHORT' | 'FLAT';
  /** Partial exits. */
  closePercentage?: Decimal;
  closeQuantity?: Decimal;
  /** The protection the alert asked for, as JSON (trading/protection/protection-request.ts: protectionJson). */
  protectionRequest?: unknown;
  externalId?: string;
  /** Set when an admin replayed an earlier failed or rejected signal. */
  replayOfId?: string;
  /** Set when this signal repeated an earlier one and was not executed. */
  duplicateOfId?: string;
  /** Fields kept in the payload but not used. */
  ignoredFields?: string[];
  /** sha256 of the body without secrets (duplicate-detector.ts). */
  bodyHash?: string;
  /** paper, testnet or live, and the host orders went to. */
  exchangeMode?: string;
  exchangeHost?: string | null;
  /** True once the request passed the source and secret checks (only those may be replayed). */
  authenticated?: boolean;
  /** The bot whose URL received it ("default": today's routes). */
  botId?: string;
  /** The account it trades (today's routes: the default one); none on a bot alert that fans out. */
  accountId?: string;
  /** An account's execution of a bot alert: the alert's row. */
  parentId?: string;
}

export interface CalculationRecord {
  balance: Decimal;
  balanceSource: string;
  /** The basic sizing (balance percentage × leverage) only. */
  balancePercentage?: Decimal;
  /** balance_percentage, quantity, usdt or risk_percentage, and the value the alert gave. */
  sizingMode?: string;
  sizingValue?: Decimal;
  /** risk_percentage: the stop price the risk was measured to; whether the leverage capped the size. */
  stopPrice?: Decimal;
  riskCapped?: boolean;
  leverage: number;
  price: Decimal;
  priceSource: string;
  positionValue: Decimal;
  rawQuantity: Decimal;
  quantity: Decimal;
  notional: Decimal;
  stepSize: Decimal;
  minQty: Decimal;
  maxQty: Decimal;
  minNotional: Decimal;
  capped: boolean;
  /** The room margin plus opening fee had to fit in, the fee rate and the fee (position-sizing.ts). */
  availableBalance?: Decimal;
  takerFeeRate?: Decimal;
  openingFee?: Decimal;
  feeCapped: boolean;
  /** The leverage bracket's room for this position (bracket cap less what is held), when known. */
  maxNotional?: Decimal;
  cappedBy?: 'max-quantity' | 'max-notional' | 'max-position-value';
}

export type ProtectionKind = 'STOP_LOSS' | 'TAKE_PROFIT' | 'TRAILING_STOP';
export type ProtectionStatus =
  'PENDING' | 'NEW' | 'TRIGGERED' | 'FINISHED' | 'CANCELED' | 'REJECTED' | 'EXPIRED' | 'FAILED' | 'UNKNOWN';

/** A protective (algo) order of a signal's position, as placed or refused. */
export interface ProtectiveOrderRecord {
  kind: ProtectionKind;
  level?: number;
  request: ConditionalOrderRequest;
  /** The trigger the alert asked for, before rounding to the tick. */
  askedPrice?: Decimal;
  sizePercent?: Decimal;
  breakEven?: boolean;
  entryPrice?: Decimal;
  /** The client algo id of the order this one replaced. */
  replacesId?: string;
  result?: ConditionalOrder;
  error?: ExchangeError;
  status: ProtectionStatus;
  note?: string;
  placedAt?: Date;
}

export interface SignalOutcome {
  status: RecordedStatus;
  httpStatus: number;
  errorCode?: string;
  errorMessage?: string;
  suggestions?: string[];
  note?: string;
  calculation?: CalculationRecord;
  orders?: OrderAttempt[];
  /** Orders the signal cancelled (close and reversal cancel the symbol's orders). */
  cancelledOrders?: CancelledOrder[];
  /** The stop loss, take profits and trailing stop placed (or refused) for the position. */
  protectiveOrders?: ProtectiveOrderRecord[];
  answeredAt: Date;
  exchangeMs?: number;
}
