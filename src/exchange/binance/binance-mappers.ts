/**
 * Binance futures JSON → the port's types, and port requests → Binance
 * parameters. Pure; shared by the Binance adapter and the paper exchange
 * (which answers in Binance's shapes too).
 */
import Decimal from 'decimal.js';
import { exchangeErrorFromBinance } from '../exchange-error';
import {
  Kline,
  ConditionalOrder,
  ConditionalOrderRequest,
  LeverageResult,
  OpenOrder,
  OpenPosition,
  OrderRequest,
  OrderResult,
  OrderSide,
  OrderStatus,
  PositionSide,
  SymbolBrackets,
  SymbolPositions,
  UsdtBalance,
} from '../exchange.port';
import { parseSymbolRules, RawExchangeSymbol, SymbolRules } from '../symbol-rules';

type Json = Record<string, unknown>;

/** A JSON scalar of Binance's answer as text (Binance sends numbers as strings or numbers); anything else is ''. */
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

const dec = (value: unknown): Decimal =>
  new Decimal(value === undefined || value === null || value === '' ? 0 : text(value));
/** A notional limit: Binance has been seen answering the string "INF" for "no limit". */
const limit = (value: unknown): Decimal =>
  /^\+?inf(inity)?$/i.test(String(value)) ? new Decimal(Infinity) : dec(value);

export function toSymbolRulesList(exchangeInfo: unknown): SymbolRules[] {
  const symbols = (exchangeInfo as { symbols?: RawExchangeSymbol[] }).symbols ?? [];
  return symbols.map(parseSymbolRules);
}

export function toUsdtBalance(balances: unknown): UsdtBalance {
  const usdt = (balances as Json[]).find((b) => b.asset === 'USDT');
  if (!usdt) return { wallet: new Decimal(0), available: new Decimal(0) };
  return { wallet: dec(usdt.balance), available: dec(usdt.availableBalance) };
}

export function toSymbolPositions(symbol: string, risk: unknown): SymbolPositions {
  const rows = (risk as Json[]).filter((r) => r.symbol === symbol);
  const first = rows[0] ?? {};
  const positions: OpenPosition[] = rows
    .filter((r) => !dec(r.positionAmt).isZero())
    .map((r) => {
      const amount = dec(r.positionAmt);
      const positionSide = String(r.positionSide) as PositionSide;
      return {
        symbol,
        direction: positionSide === 'BOTH' ? (amount.isNegative() ? 'SHORT' : 'LONG') : positionSide,
        positionSide,
        quantity: amount.abs(),
        entryPrice: dec(r.entryPrice),
        markPrice: dec(r.markPrice),
        unrealizedPnl: dec(r.unRealizedProfit),
      };
    });
  const sides = new Set(rows.map((r) => String(r.positionSide)));
  return {
    symbol,
    mode: sides.has('LONG') || sides.has('SHORT') ? 'hedge' : sides.has('BOTH') ? 'one-way' : undefined,
    leverage: Number(first.leverage ?? 0),
    marginType: text(first.marginType).toLowerCase() === 'isolated' ? 'ISOLATED' : 'CROSSED',
    positions,
  };
}

/** Position risk of every symbol, grouped by symbol (one pass over the rows). */
export function toAllSymbolPositions(risk: unknown): SymbolPositions[] {
  const bySymbol = new Map<string, Json[]>();
  for (const row of risk as Json[]) {
    const symbol = String(row.symbol);
    const rows = bySymbol.get(symbol);
    if (rows) rows.push(row);
    else bySymbol.set(symbol, [row]);
  }
  return [...bySymbol].map(([symbol, rows]) => toSymbolPositions(symbol, rows));
}

export function toAllPositions(risk: unknown): OpenPosition[] {
  const symbols = [...new Set((risk as Json[]).map((r) => String(r.symbol)))];
  return symbols.flatMap((symbol) => toSymbolPositions(symbol, risk).positions);
}

export function toOrderResult(json: unknown): OrderResult {
  const o = json as Json;
  return {
    symbol: String(o.symbol),
    orderId: String(o.orderId),
    clientOrderId: String(o.clientOrderId),
    status: String(o.status) as OrderStatus,
    side: String(o.side) as OrderSide,
    positionSide: text(o.positionSide ?? 'BOTH') as PositionSide,
    type: String(o.type),
    origQty: dec(o.origQty),
    executedQty: dec(o.executedQty),
    avgPrice: dec(o.avgPrice),
    cumQuote: dec(o.cumQuote),
    reduceOnly: o.reduceOnly === true || o.reduceOnly === 'true',
    updateTime: Number(o.updateTime ?? 0),
    raw: json,
  };
}

/** Binance's batchOrders answer: each item is the order, or the {code, msg} that refused it. */
export function toBatchResults(answers: unknown[]): Array<OrderResult | Error> {
  return answers.map((answer) => {
    const a = answer as { code?: number; msg?: string; orderId?: unknown };
    return a.orderId === undefined && typeof a.code === 'number'
      ? exchangeErrorFromBinance(a.code, String(a.msg), 400)
      : toOrderResult(answer);
  });
}

export function toLeverageResult(answer: unknown): LeverageResult {
  const a = answer as { symbol: string; leverage: unknown; maxNotionalValue: unknown };
  return { symbol: a.symbol, leverage: Number(a.leverage), maxNotionalValue: limit(a.maxNotionalValue) };
}

/** GET /fapi/v1/leverageBracket: a list of symbols, or one object when a symbol was asked. */
export function toSymbolBracketsList(answer: unknown): SymbolBrackets[] {
  const list = (Array.isArray(answer) ? answer : [answer]) as Array<{ symbol?: unknown; brackets?: Json[] }>;
  return list
    .filter((s) => typeof s?.symbol === 'string' && Array.isArray(s.brackets))
    .map((s) => ({
      symbol: String(s.symbol),
      brackets: s.brackets!.map((b) => ({
        initialLeverage: Number(b.initialLeverage),
        notionalFloor: dec(b.notionalFloor),
        notionalCap: limit(b.notionalCap),
      })),
    }));
}

export function toOpenOrder(json: unknown): OpenOrder {
  const o = json as Json;
  return {
    orderId: String(o.orderId),
    clientOrderId: String(o.clientOrderId),
    symbol: String(o.symbol),
    side: String(o.side) as OrderSide,
    positionSide: text(o.positionSide ?? 'BOTH') as PositionSide,
    type: String(o.type),
    origQty: dec(o.origQty),
    price: dec(o.price),
  };
}

/** The parameters of Binance's new-order endpoint, all as strings. */
export function orderParams(order: OrderRequest): Record<string, string> {
  const params: Record<string, string> = {
    symbol: order.symbol,
    side: order.side,
    positionSide: order.positionSide,
    type: order.type,
    quantity: order.quantity.toFixed(),
    newClientOrderId: order.clientOrderId,
    newOrderRespType: 'RESULT',
  };
  if (order.reduceOnly && order.positionSide === 'BOTH') params.reduceOnly = 'true';
  if (order.type === 'LIMIT') {
    if (!order.price) throw new Error('a LIMIT order needs a price');
    params.price = order.price.toFixed();
    params.timeInForce = 'GTC';
  }
  return params;
}

/** An algo order (POST/GET /fapi/v1/algoOrder, GET /fapi/v1/openAlgoOrders) → the port's ConditionalOrder. */
export function toConditionalOrder(json: unknown): ConditionalOrder {
  const o = json as Json;
  return {
    algoId: String(o.algoId),
    clientAlgoId: String(o.clientAlgoId),
    symbol: String(o.symbol),
    side: String(o.side) as OrderSide,
    positionSide: text(o.positionSide ?? 'BOTH') as PositionSide,
    type: String(o.orderType),
    status: String(o.algoStatus),
    quantity: dec(o.quantity),
    triggerPrice: dec(o.triggerPrice),
    closePosition: o.closePosition === true || o.closePosition === 'true',
    reduceOnly: o.reduceOnly === true || o.reduceOnly === 'true',
    ...optionalConditionalFields(o),
    actualOrderId: o.actualOrderId !== undefined && o.actualOrderId !== '' ? text(o.actualOrderId) : undefined,
    actualPrice: o.actualPrice !== undefined ? dec(o.actualPrice) : undefined,
    triggerTime: o.triggerTime !== undefined ? Number(o.triggerTime) : undefined,
    updateTime: o.updateTime !== undefined ? Number(o.updateTime) : undefined,
    raw: json,
  };
}

/** Fields Binance shows only for some types: zero prices mean "none" (market types answer price "0.00"). */
function optionalConditionalFields(o: Json): Partial<ConditionalOrder> {
  const positive = (value: unknown) => {
    const d = value === undefined || value === null || value === '' ? undefined : dec(value);
    return d && d.gt(0) ? d : undefined;
  };
  const workingType = o.workingType === 'MARK_PRICE' || o.workingType === 'CONTRACT_PRICE' ? o.workingType : undefined;
  return {
    price: positive(o.price),
    workingType,
    callbackRate: positive(o.callbackRate),
    activatePrice: positive(o.activatePrice),
  };
}

/** The parameters of Binance's New Algo Order endpoint (algoType CONDITIONAL), all as strings. */
export function conditionalOrderParams(order: ConditionalOrderRequest): Record<string, string> {
  const params: Record<string, string> = {
    algoType: 'CONDITIONAL',
    symbol: order.symbol,
    side: order.side,
    positionSide: order.positionSide,
    type: order.type,
    clientAlgoId: order.clientAlgoId,
    workingType: order.workingType ?? 'CONTRACT_PRICE',
  };
  if (order.closePosition) params.closePosition = 'true';
  else if (order.quantity) params.quantity = order.quantity.toFixed();
  if (order.reduceOnly && order.positionSide === 'BOTH' && !order.closePosition) params.reduceOnly = 'true';
  if (order.triggerPrice) params.triggerPrice = order.triggerPrice.toFixed();
  if (order.price) {
    params.price = order.price.toFixed();
    params.timeInForce = 'GTC';
  }
  if (order.callbackRate) params.callbackRate = order.callbackRate.toFixed();
  if (order.activatePrice) params.activatePrice = order.activatePrice.toFixed();
  return params;
}

/** binance-api-node's candles (GET /fapi/v1/klines, fields named), or the raw arrays Binance sends. */
export function toKlines(answer: unknown): Kline[] {
  return (answer as Array<Record<string, unknown> | unknown[]>).map((row) => {
    const k = Array.isArray(row)
      ? { openTime: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5], closeTime: row[6] }
      : row;
    return {
      openTime: Number(k.openTime),
      closeTime: Number(k.closeTime),
      open: new Decimal(String(k.open)),
      high: new Decimal(String(k.high)),
      low: new Decimal(String(k.low)),
      close: new Decimal(String(k.close)),
      volume: new Decimal(String(k.volume)),
    };
  });
}
