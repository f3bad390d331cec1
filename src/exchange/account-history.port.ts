/**
 * The account's trade and income history (GET /fapi/v1/userTrades and
 * /fapi/v1/income), read after an outage to record what the stream missed,
 * in Binance's shapes turned into typed rows. Each call covers one window of
 * at most 7 days (Binance's limit) and pages through it: userTrades by
 * moving startTime past the last trade of a full page (limit 1000), income by
 * `page` (limit 1000).
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Account-Trade-List
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/Get-Income-History
 */
import Decimal from 'decimal.js';
import type { OrderSide, PositionSide } from '../common/order-sides';

export const HISTORY_WINDOW_MS = 7 * 24 * 3_600_000;
export const HISTORY_PAGE_LIMIT = 1000;

export interface TradeRecord {
  symbol: string;
  /** Binance's trade id (unique per symbol). */
  id: string;
  orderId: string;
  side: OrderSide;
  positionSide: PositionSide;
  price: Decimal;
  qty: Decimal;
  realizedPnl: Decimal;
  commission: Decimal;
  commissionAsset: string;
  maker: boolean;
  time: number;
}

export interface IncomeRecord {
  symbol: string;
  /** REALIZED_PNL, COMMISSION, FUNDING_FEE, INSURANCE_CLEAR, TRANSFER, … */
  incomeType: string;
  income: Decimal;
  asset: string;
  info: string;
  time: number;
  tranId: string;
  tradeId: string;
}

export interface AccountHistoryPort {
  /** Which account the history is of: "paper", or the mode and a hash of the API key. */
  readonly accountId: string;
  tradeHistory(symbol: string, startTime: number, endTime: number): Promise<TradeRecord[]>;
  incomeHistory(startTime: number, endTime: number): Promise<IncomeRecord[]>;
}

type Row = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

export function toTradeRecord(row: Row): TradeRecord {
  return {
    symbol: text(row.symbol),
    id: text(row.id),
    orderId: text(row.orderId),
    side: text(row.side) as TradeRecord['side'],
    positionSide: text(row.positionSide) as TradeRecord['positionSide'],
    price: new Decimal(text(row.price) || 0),
    qty: new Decimal(text(row.qty) || 0),
    realizedPnl: new Decimal(text(row.realizedPnl) || 0),
    commission: new Decimal(text(row.commission) || 0),
    commissionAsset: text(row.commissionAsset),
    maker: row.maker === true,
    time: Number(row.time),
  };
}

export function toIncomeRecord(row: Row): IncomeRecord {
  return {
    symbol: text(row.symbol),
    incomeType: text(row.incomeType),
    income: new Decimal(text(row.income) || 0),
    asset: text(row.asset),
    info: text(row.info),
    time: Number(row.time),
    tranId: text(row.tranId),
    tradeId: text(row.tradeId),
  };
}

/**
 * Every trade of a window, page after page: a full page (limit 1000) means
 * more may follow from its last trade's time on (trades already seen skipped).
 */
export async function allTrades(
  fetchPage: (startTime: number, endTime: number) => Promise<Row[]>,
  startTime: number,
  endTime: number,
): Promise<TradeRecord[]> {
  const seen = new Map<string, TradeRecord>();
  let from = startTime;
  for (;;) {
    const page = (await fetchPage(from, endTime)).map(toTradeRecord);
    const fresh = page.filter((t) => !seen.has(t.id));
    for (const t of fresh) seen.set(t.id, t);
    if (page.length < HISTORY_PAGE_LIMIT || fresh.length === 0) break;
    from = Math.max(...page.map((t) => t.time));
  }
  return [...seen.values()].sort((a, b) => a.time - b.time || Number(a.id) - Number(b.id));
}

/** Every income entry of a window, page after page (`page` 1, 2, … while pages are full). */
export async function allIncome(fetchPage: (page: number) => Promise<Row[]>): Promise<IncomeRecord[]> {
  const entries: IncomeRecord[] = [];
  for (let page = 1; ; page++) {
    const rows = await fetchPage(page);
    entries.push(...rows.map(toIncomeRecord));
    if (rows.length < HISTORY_PAGE_LIMIT) return entries;
  }
}
