/**
 * The simulated account's history: every fill as a trade (with its
 * commission and realised PnL) and the income entries those make, answered
 * in Binance's shapes for GET /fapi/v1/userTrades and GET /fapi/v1/income.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Account-Trade-List
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/Get-Income-History
 */
import Decimal from 'decimal.js';
import { reject } from './binance-rejection';
import type { CatalogueSymbol } from './market-catalogue';
import type { OrderSide, PositionSide } from '../../common/order-sides';

export interface EngineTrade {
  id: number;
  orderId: number;
  symbol: string;
  side: OrderSide;
  positionSide: PositionSide;
  price: Decimal;
  qty: Decimal;
  /** What was paid, positive as userTrades shows it; the income entry carries it negative. */
  commission: Decimal;
  realizedPnl: Decimal;
  time: number;
}

type Params = Record<string, string | undefined>;

/** An income entry not made by a fill (a funding fee, an insurance clearance). */
export interface EngineIncome {
  symbol: string;
  incomeType: string;
  income: Decimal;
  time: number;
  tranId: number;
}

const SEVEN_DAYS_MS = 7 * 24 * 3_600_000;
const INCOME_TYPES = [
  'TRANSFER',
  'WELCOME_BONUS',
  'REALIZED_PNL',
  'FUNDING_FEE',
  'COMMISSION',
  'INSURANCE_CLEAR',
  'REFERRAL_KICKBACK',
  'COMMISSION_REBATE',
  'API_REBATE',
  'CONTEST_REWARD',
  'CROSS_COLLATERAL_TRANSFER',
  'OPTIONS_PREMIUM_FEE',
  'OPTIONS_SETTLE_PROFIT',
  'INTERNAL_TRANSFER',
  'AUTO_EXCHANGE',
  'DELIVERED_SETTELMENT',
  'COIN_SWAP_DEPOSIT',
  'COIN_SWAP_WITHDRAW',
  'POSITION_LIMIT_INCREASE_FEE',
  'STRATEGY_UMFUTURES_TRANSFER',
  'FEE_RETURN',
  'BFUSD_REWARD',
];

export class AccountHistory {
  readonly trades: EngineTrade[] = [];
  readonly otherIncome: EngineIncome[] = [];
  nextTradeId = 698_759_000;
  nextTranId = 9_689_322_000;

  constructor(private readonly now: () => number) {}

  clear(): void {
    this.trades.length = 0;
    this.otherIncome.length = 0;
  }

  recordIncome(entry: Omit<EngineIncome, 'tranId' | 'time'>): EngineIncome {
    const income = { ...entry, tranId: this.nextTranId++, time: this.now() };
    this.otherIncome.push(income);
    return income;
  }

  record(fill: Omit<EngineTrade, 'id' | 'time'>): EngineTrade {
    const trade = { ...fill, id: this.nextTradeId++, time: this.now() };
    this.trades.push(trade);
    return trade;
  }

  /** userTrades: symbol required; the last 7 days unless a window or fromId says otherwise; limit ≤ 1000. */
  userTrades(s: CatalogueSymbol, params: Params): unknown[] {
    if ((params.startTime || params.endTime) && params.fromId) throw reject.notRequired('fromId');
    const limit = limitParam(params, 500, 1000);
    let trades = this.trades.filter((t) => t.symbol === s.symbol);
    if (params.orderId !== undefined) trades = trades.filter((t) => String(t.orderId) === params.orderId);
    if (params.fromId !== undefined) trades = trades.filter((t) => t.id >= Number(params.fromId)).slice(0, limit);
    else trades = this.window(trades, params).slice(-limit);
    return trades.map((t) => ({
      buyer: t.side === 'BUY',
      commission: t.commission.toFixed(8),
      commissionAsset: 'USDT',
      id: t.id,
      maker: false,
      orderId: t.orderId,
      price: t.price.toFixed(),
      qty: t.qty.toFixed(s.quantityPrecision),
      quoteQty: t.qty.mul(t.price).toFixed(),
      realizedPnl: t.realizedPnl.toFixed(8),
      side: t.side,
      positionSide: t.positionSide,
      symbol: t.symbol,
      time: t.time,
    }));
  }

  /**
   * income: each fill's COMMISSION (negative) and, when a position was reduced,
   * its REALIZED_PNL, plus funding fees and other entries, oldest first; `page`
   * pages through them `limit` at a time.
   */
  income(params: Params): unknown[] {
    if (params.incomeType !== undefined && !INCOME_TYPES.includes(params.incomeType))
      throw reject.mandatory('incomeType');
    const limit = limitParam(params, 100, 1000);
    const fromTrades = this.window(this.trades, params).flatMap((t) => [
      ...(t.realizedPnl.isZero()
        ? []
        : [{ ...incomeOf(t), incomeType: 'REALIZED_PNL', income: t.realizedPnl, tranId: t.id * 10 + 1 }]),
      ...(t.commission.isZero()
        ? []
        : [{ ...incomeOf(t), incomeType: 'COMMISSION', income: t.commission.neg(), tranId: t.id * 10 + 2 }]),
    ]);
    const other = this.window(this.otherIncome, params).map((e) => ({ ...e, tradeId: '' }));
    const entries = [...fromTrades, ...other]
      .filter((e) => !params.symbol || e.symbol === params.symbol)
      .filter((e) => !params.incomeType || e.incomeType === params.incomeType)
      .sort((a, b) => a.time - b.time || a.tranId - b.tranId);
    const page = Math.max(1, Number(params.page ?? 1));
    return entries.slice((page - 1) * limit, page * limit).map((e) => ({
      symbol: e.symbol,
      incomeType: e.incomeType,
      income: e.income.toFixed(8),
      asset: 'USDT',
      info: e.incomeType,
      time: e.time,
      tranId: e.tranId,
      tradeId: e.tradeId,
    }));
  }

  /** Binance's time window: the last 7 days by default, and never longer than 7 days. */
  private window<T extends { time: number }>(trades: T[], params: Params): T[] {
    const end = params.endTime
      ? Number(params.endTime)
      : params.startTime
        ? Number(params.startTime) + SEVEN_DAYS_MS
        : this.now();
    const start = params.startTime ? Number(params.startTime) : end - SEVEN_DAYS_MS;
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) throw reject.mandatory('startTime');
    if (end - start > SEVEN_DAYS_MS) throw reject.timeWindow();
    return trades.filter((t) => t.time >= start && t.time <= end);
  }
}

export function limitParam(params: Params, fallback: number, max: number): number {
  if (params.limit === undefined) return fallback;
  if (!/^\d+$/.test(params.limit) || Number(params.limit) < 1) throw reject.mandatory('limit');
  return Math.min(Number(params.limit), max);
}

function incomeOf(t: EngineTrade): { symbol: string; time: number; tradeId: string } {
  return { symbol: t.symbol, time: t.time, tradeId: String(t.id) };
}
