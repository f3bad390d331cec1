/**
 * Binance's stream messages (user data and mark price, raw or in a combined
 * stream's {"stream","data"} envelope) turned into typed events. Pure: the
 * Binance adapter and the paper engine use the same parser, so both deliver
 * the same events. Unknown event types answer undefined (ignored, never a
 * crash); ids keep every digit (JSON numbers beyond 2^53 are read as text).
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams
 */
import Decimal from 'decimal.js';
import type { MarginType } from '../../common/margin-types';
import type { OrderSide, PositionSide } from '../../common/order-sides';
import type { AccountDataEvent, MarkPriceEvent, PositionChange } from './account-stream-events';

type Raw = Record<string, unknown>;

/** Integers of 16+ digits (beyond 2^53 from there) outside strings: a value after ':' '[' or ','. */
const LONG_INTEGER = /([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g;

/** JSON.parse keeping integers beyond Number.MAX_SAFE_INTEGER as their digits (ids), never rounded. */
export function parseStreamJson(text: string): unknown {
  return JSON.parse(
    text.replace(LONG_INTEGER, (_m, before: string, digits: string) => {
      const n = Number(digits);
      return Number.isSafeInteger(n) ? `${before}${digits}` : `${before}"${digits}"`;
    }),
  );
}

/** One stream message (text) → its events (a mark-price array gives several). */
export function parseStreamMessage(text: string): Array<AccountDataEvent | MarkPriceEvent> {
  const message = parseStreamJson(text);
  const data = isObject(message) && 'stream' in message && 'data' in message ? message.data : message;
  const items = Array.isArray(data) ? data : [data];
  return items.map((item) => (isObject(item) ? parseStreamPayload(item) : undefined)).filter((e) => e !== undefined);
}

export function parseStreamPayload(raw: Raw): AccountDataEvent | MarkPriceEvent | undefined {
  switch (raw.e) {
    case 'ACCOUNT_UPDATE':
      return accountUpdate(raw);
    case 'ORDER_TRADE_UPDATE':
      return orderUpdate(raw);
    case 'ALGO_UPDATE':
      return algoUpdate(raw);
    case 'ACCOUNT_CONFIG_UPDATE':
      return configUpdate(raw);
    case 'MARGIN_CALL':
      return marginCall(raw);
    case 'listenKeyExpired':
      return { type: 'listenKeyExpired', eventTime: int(raw.E) };
    case 'markPriceUpdate':
      return markPrice(raw);
    default:
      return undefined;
  }
}

function accountUpdate(raw: Raw): AccountDataEvent {
  const a = obj(raw.a);
  return {
    type: 'account',
    eventTime: int(raw.E),
    transactionTime: int(raw.T),
    reason: str(a.m),
    balances: list(a.B).map((b) => ({
      asset: str(b.a),
      walletBalance: dec(b.wb),
      crossWalletBalance: dec(b.cw),
      balanceChange: dec(b.bc),
    })),
    positions: list(a.P).map((p): PositionChange => ({
      symbol: str(p.s),
      positionSide: str(p.ps) as PositionSide,
      amount: dec(p.pa),
      entryPrice: dec(p.ep),
      accumulatedRealized: dec(p.cr),
      unrealizedPnl: dec(p.up),
      marginType: marginType(p.mt),
      isolatedWallet: dec(p.iw),
    })),
  };
}

function orderUpdate(raw: Raw): AccountDataEvent {
  const o = obj(raw.o);
  return {
    type: 'order',
    eventTime: int(raw.E),
    transactionTime: int(raw.T),
    symbol: str(o.s),
    clientOrderId: str(o.c),
    orderId: str(o.i),
    side: str(o.S) as OrderSide,
    positionSide: str(o.ps) as PositionSide,
    orderType: str(o.o),
    originalOrderType: str(o.ot ?? o.o),
    executionType: str(o.x),
    orderStatus: str(o.X),
    quantity: dec(o.q),
    price: dec(o.p),
    averagePrice: dec(o.ap),
    lastFilledQuantity: dec(o.l),
    filledQuantity: dec(o.z),
    lastFilledPrice: dec(o.L),
    commission: dec(o.n),
    commissionAsset: o.N === undefined || o.N === null ? undefined : str(o.N),
    tradeTime: int(o.T),
    tradeId: str(o.t ?? 0),
    realizedProfit: dec(o.rp),
    reduceOnly: o.R === true,
    closePosition: o.cp === true,
  };
}

function algoUpdate(raw: Raw): AccountDataEvent {
  const o = obj(raw.o);
  return {
    type: 'algo',
    eventTime: int(raw.E),
    transactionTime: int(raw.T),
    symbol: str(o.s),
    clientAlgoId: str(o.caid),
    algoId: str(o.aid),
    orderType: str(o.o),
    side: str(o.S) as OrderSide,
    positionSide: str(o.ps) as PositionSide,
    status: str(o.X),
    quantity: dec(o.q),
    triggerPrice: dec(o.tp),
    price: dec(o.p),
    actualOrderId: str(o.ai ?? ''),
    averagePrice: o.ap === undefined ? undefined : dec(o.ap),
    executedQuantity: o.aq === undefined ? undefined : dec(o.aq),
    closePosition: o.cp === true,
    reduceOnly: o.R === true,
    triggerTime: int(o.tt ?? 0),
    rejectReason: o.rm === undefined ? undefined : str(o.rm),
  };
}

function configUpdate(raw: Raw): AccountDataEvent {
  const base = { type: 'config' as const, eventTime: int(raw.E), transactionTime: int(raw.T) };
  if (isObject(raw.ac)) return { ...base, symbol: str(raw.ac.s), leverage: int(raw.ac.l) };
  return { ...base, multiAssets: isObject(raw.ai) ? raw.ai.j === true : undefined };
}

function marginCall(raw: Raw): AccountDataEvent {
  return {
    type: 'marginCall',
    eventTime: int(raw.E),
    crossWalletBalance: dec(raw.cw),
    positions: list(raw.p).map((p) => ({
      symbol: str(p.s),
      positionSide: str(p.ps) as PositionSide,
      amount: dec(p.pa),
      marginType: marginType(p.mt),
      isolatedWallet: dec(p.iw),
      markPrice: dec(p.mp),
      unrealizedPnl: dec(p.up),
      maintenanceMargin: dec(p.mm),
    })),
  };
}

function markPrice(raw: Raw): MarkPriceEvent {
  return {
    type: 'markPrice',
    eventTime: int(raw.E),
    symbol: str(raw.s),
    markPrice: dec(raw.p),
    indexPrice: dec(raw.i ?? raw.p),
    fundingRate: dec(raw.r === '' ? 0 : raw.r),
    nextFundingTime: int(raw.T ?? 0),
  };
}

function marginType(value: unknown): MarginType {
  return String(value).toLowerCase().startsWith('isolated') ? 'ISOLATED' : 'CROSSED';
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Raw {
  return isObject(value) ? value : {};
}

function list(value: unknown): Raw[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function int(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** Binance sends decimals as strings; a missing or malformed one reads as 0. */
function dec(value: unknown): Decimal {
  try {
    return new Decimal(value === undefined || value === null || value === '' ? 0 : (value as Decimal.Value));
  } catch {
    return new Decimal(0);
  }
}
