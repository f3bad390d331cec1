/**
 * A simulated Binance USDⓈ-M Futures account: USDT wallet, one-way and hedge
 * position modes, per-symbol leverage and margin type, positions with entry
 * price and PnL, margin checks, MARKET orders filled at the current price,
 * resting LIMIT orders, reduce-only rules per mode, client order ids unique
 * among open orders (as on Binance), and conditional orders in their own Algo
 * Order book, triggered as the price moves.
 *
 * It speaks Binance's language: parameters are the strings a request carries,
 * answers are Binance's JSON shapes, failures are BinanceRejection with
 * Binance's codes. The paper exchange uses it in-process; the fake Binance
 * server serves it over HTTP.
 */
import Decimal from 'decimal.js';
import type { MarginType } from '../../common/margin-types';
import { DEFAULT_TAKER_FEE_RATE } from '../fees';
import { BatchExecutionOrder } from './batch-execution-order';
import { BinanceRejection, reject } from './binance-rejection';
import { bracketsOf, maxLeverageOf, notionalCapAt } from './leverage-brackets';
import { CatalogueSymbol, exchangeInfoJson, MARKET_CATALOGUE } from './market-catalogue';
import { AccountHistory } from './account-history';
import { AlgoOrder, AlgoOrderBook, CONDITIONAL_TYPES } from './algo-order-book';
import { algoOrderJson, orderJson, positionRiskJson } from './engine-json';
import type { EngineOrder } from './engine-order';
import type { OrderSide, PositionSide } from '../../common/order-sides';
import { EnginePosition, positionAfterFill, splitOrder, validQuantity } from './position-math';
import { klineRequest, klinesOfPath } from './price-klines';
import { PricePath } from './price-path';
import { EngineStream } from './engine-stream';
import { AccountEvents } from './account-events';

export type Params = Record<string, string | undefined>;
export type { EnginePosition };

export interface EngineOptions {
  walletUsdt?: Decimal.Value;
  /** Binance's default taker fee unless a test sets another (fees.ts). */
  takerFeeRate?: Decimal.Value;
  now?: () => number;
}

const DEFAULT_LEVERAGE = 20;
const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

export class FuturesEngine {
  wallet: Decimal;
  dualSidePosition = false;
  /** Multi-Assets mode (GET/POST /fapi/v1/multiAssetsMargin): every symbol is cross margin. */
  multiAssetsMargin = false;
  /** In which order a batch's items execute (Binance: concurrently, order not guaranteed). */
  readonly batchOrder = new BatchExecutionOrder();
  /** While a batch runs: the margin the account had before it, less what earlier items locked. */
  private batchMargin?: Decimal;
  readonly settings = new Map<string, { leverage: number; marginType: MarginType }>();
  readonly positions = new Map<string, EnginePosition>();
  readonly orders = new Map<number, EngineOrder>();
  /** Indexes over `orders`, so lookups stay O(1) however many orders an account has. */
  private readonly byClientId = new Map<string, EngineOrder>();
  private readonly resting = new Set<EngineOrder>();
  readonly prices = new Map<string, Decimal>();
  nextOrderId = 8_389_765_000;
  private readonly takerFeeRate: Decimal;
  readonly now: () => number;
  /** Conditional orders: Binance keeps them apart from regular orders since 2025-12. */
  readonly algo: AlgoOrderBook;
  /** Fills as trades and income, for userTrades and income. */
  readonly history: AccountHistory;
  /** The prices moved through and what traded at them, for klines. */
  readonly pricePath = new PricePath();
  /** When this engine started: no kline opens before it. */
  readonly startedAt: number;
  /** What the account pushes over Binance's user-data and market streams. */
  readonly stream = new EngineStream();
  /** Builds the stream's payloads and the forced events (funding, liquidation, margin call). */
  readonly events: AccountEvents;

  constructor(private readonly options: EngineOptions = {}) {
    this.wallet = new Decimal(options.walletUsdt ?? 10_000);
    this.takerFeeRate = new Decimal(options.takerFeeRate ?? DEFAULT_TAKER_FEE_RATE);
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.history = new AccountHistory(() => this.now());
    // The algo book reads the engine's position mode live (a getter), as it changes with setPositionMode.
    const dualSidePosition = () => this.dualSidePosition;
    this.algo = new AlgoOrderBook({
      now: () => this.now(),
      get dualSidePosition() {
        return dualSidePosition();
      },
      catalogue: (symbol) => this.catalogue(symbol),
      priceOf: (symbol) => this.priceOf(symbol),
      positionAmount: (symbol, side) => this.positions.get(key(symbol, side))?.amount ?? new Decimal(0),
      placeTriggered: (params) => this.place(params),
      algoChanged: (order, executedQty) => this.events.algoChanged(order, executedQty),
      deferEvents: (fn) => this.stream.deferred(fn),
    });
    this.events = new AccountEvents(this);
    this.resetPrices();
  }

  reset(walletUsdt: Decimal.Value = this.options.walletUsdt ?? 10_000): void {
    this.wallet = new Decimal(walletUsdt);
    this.dualSidePosition = false;
    this.multiAssetsMargin = false;
    this.batchOrder.set({ mode: 'random' });
    this.settings.clear();
    this.positions.clear();
    this.orders.clear();
    this.algo.clear();
    this.history.clear();
    this.events.clear();
    this.reindex();
    this.resetPrices();
  }

  /** Rebuilds the order indexes (after reset or a restored snapshot). */
  reindex(): void {
    this.byClientId.clear();
    this.resting.clear();
    for (const order of this.orders.values()) {
      this.byClientId.set(order.clientOrderId, order);
      if (order.status === 'NEW') this.resting.add(order);
    }
  }

  private resetPrices(): void {
    this.prices.clear();
    this.pricePath.clear();
    for (const s of MARKET_CATALOGUE) this.prices.set(s.symbol, new Decimal(s.referencePrice));
  }

  // ---- market data -------------------------------------------------------

  exchangeInfo(): unknown {
    return exchangeInfoJson(this.now());
  }

  tickerPrice(symbol?: string): unknown {
    const one = (s: string) => ({ symbol: s, price: this.priceOf(s).toString(), time: this.now() });
    return symbol ? one(this.catalogue(symbol).symbol) : MARKET_CATALOGUE.map((s) => one(s.symbol));
  }

  premiumIndex(symbol?: string): unknown {
    const one = (s: string) => {
      const mark = this.priceOf(s).toString();
      return {
        symbol: s,
        markPrice: mark,
        indexPrice: mark,
        estimatedSettlePrice: mark,
        lastFundingRate: '0.00010000',
        interestRate: '0.00010000',
        nextFundingTime: this.now() + 3_600_000,
        time: this.now(),
      };
    };
    return symbol ? one(this.catalogue(symbol).symbol) : MARKET_CATALOGUE.map((s) => one(s.symbol));
  }

  /** Moves the price; conditional orders whose trigger it crosses place their orders (answered). */
  setPrice(symbol: string, price: Decimal.Value): AlgoOrder[] {
    const value = new Decimal(price);
    if (value.lte(0)) throw new Error('price must be positive');
    const s = this.catalogue(symbol);
    this.movePath(s.symbol, value, new Decimal(0));
    this.prices.set(s.symbol, value);
    this.events.markPrice(s.symbol);
    return this.algo.onPrice(s.symbol);
  }

  private movePath(symbol: string, price: Decimal, quantity: Decimal): void {
    const previous = { time: this.startedAt, price: this.priceOf(symbol) };
    this.pricePath.record(symbol, { time: this.now(), price, quantity }, previous);
  }

  /** GET /fapi/v1/klines: candles of the price path (price-klines.ts cites Binance's rules). */
  klines(params: Params): unknown {
    if (!params.symbol) throw reject.mandatory('symbol');
    const s = this.catalogue(params.symbol);
    const request = klineRequest(params);
    return klinesOfPath(this.pricePath.of(s.symbol, this.startedAt, this.priceOf(s.symbol)), request, this.now());
  }

  priceOf(symbol: string): Decimal {
    const price = this.prices.get(symbol);
    if (!price) throw reject.invalidSymbol();
    return price;
  }

  // ---- account -----------------------------------------------------------

  balance(): unknown {
    const unrealized = this.totalUnrealized();
    const available = this.available();
    const wallet = this.wallet.toFixed(8);
    const updateTime = this.now();
    const zero = (asset: string) => ({
      accountAlias: 'SgsR',
      asset,
      balance: '0.00000000',
      crossWalletBalance: '0.00000000',
      crossUnPnl: '0.00000000',
      availableBalance: '0.00000000',
      maxWithdrawAmount: '0.00000000',
      marginAvailable: true,
      updateTime: 0,
    });
    return [
      zero('BNB'),
      {
        accountAlias: 'SgsR',
        asset: 'USDT',
        balance: wallet,
        crossWalletBalance: wallet,
        crossUnPnl: unrealized.toFixed(8),
        availableBalance: available.toFixed(8),
        maxWithdrawAmount: Decimal.max(0, Decimal.min(available, this.wallet)).toFixed(8),
        marginAvailable: true,
        updateTime,
      },
      zero('USDC'),
    ];
  }

  positionRisk(symbol?: string): unknown[] {
    const symbols = symbol ? [this.catalogue(symbol)] : MARKET_CATALOGUE;
    const sides: PositionSide[] = this.dualSidePosition ? ['LONG', 'SHORT'] : ['BOTH'];
    return symbols.flatMap((s) =>
      sides.map((side) => {
        const position = this.positions.get(key(s.symbol, side));
        const setting = this.setting(s.symbol);
        return positionRiskJson(
          s,
          side,
          position,
          this.priceOf(s.symbol),
          setting.leverage,
          setting.marginType,
          this.notionalCap(s, setting.leverage),
        );
      }),
    );
  }

  getPositionMode(): unknown {
    return { dualSidePosition: this.dualSidePosition };
  }

  setPositionMode(params: Params): unknown {
    const raw = required(params, 'dualSidePosition');
    if (raw !== 'true' && raw !== 'false') throw reject.mandatory('dualSidePosition');
    const dual = raw === 'true';
    if (dual === this.dualSidePosition) throw reject.positionModeNoChange();
    if ([...this.positions.values()].some((p) => !p.amount.isZero())) throw reject.positionModePosition();
    if (this.openOrderList().length) throw reject.positionModeOpenOrders();
    this.dualSidePosition = dual;
    this.positions.clear();
    // No stream event: Binance's USD-M user-data stream has none for a position mode change (its events:
    // ACCOUNT_UPDATE, ORDER_TRADE_UPDATE, TRADE_LITE, ALGO_UPDATE, ACCOUNT_CONFIG_UPDATE for leverage and
    // Multi-Assets mode only, MARGIN_CALL, listenKeyExpired…), so a client holding the account from the
    // stream learns it from a REST read or from an order refused with -4061.
    return { code: 200, msg: 'success' };
  }

  /** Binance's shape: a list of every symbol, or one object when `symbol` is sent. */
  leverageBracket(symbol?: string): unknown {
    const one = (s: CatalogueSymbol) => ({ symbol: s.symbol, brackets: bracketsOf(s) });
    return symbol ? one(this.catalogue(symbol)) : MARKET_CATALOGUE.map(one);
  }

  getMultiAssetsMargin(): unknown {
    return { multiAssetsMargin: this.multiAssetsMargin };
  }

  /** Binance refuses Multi-Assets mode while a symbol is isolated (-4167), and a no-op change (-4171). */
  setMultiAssetsMargin(params: Params): unknown {
    const raw = required(params, 'multiAssetsMargin');
    if (raw !== 'true' && raw !== 'false') throw reject.mandatory('multiAssetsMargin');
    const on = raw === 'true';
    if (on === this.multiAssetsMargin) throw reject.multiAssetsNoChange();
    const isolated = [...this.settings.values()].some((setting) => setting.marginType === 'ISOLATED');
    if (on && isolated) throw reject.multiAssetsIsolated();
    this.multiAssetsMargin = on;
    this.events.multiAssetsChanged(on);
    return { code: 200, msg: 'success' };
  }

  setLeverage(params: Params): unknown {
    const s = this.catalogue(required(params, 'symbol'));
    const raw = required(params, 'leverage');
    if (!/^\d+$/.test(raw)) throw reject.mandatory('leverage');
    const leverage = Number(raw);
    if (leverage < 1 || leverage > maxLeverageOf(s)) throw reject.leverage(raw);
    const current = this.setting(s.symbol);
    // Binance does not lower the leverage of an open isolated position (-4161).
    const open = this.symbolPositions(s.symbol).some((p) => !p.amount.isZero());
    if (open && current.marginType === 'ISOLATED' && leverage < current.leverage) {
      throw reject.isolatedLeverageReduction();
    }
    const cap = this.notionalCap(s, leverage);
    const held = this.symbolPositions(s.symbol).reduce(
      (sum, p) => sum.add(p.amount.abs().mul(this.priceOf(s.symbol))),
      new Decimal(0),
    );
    if (held.gt(cap)) throw reject.maxPosition();
    this.settings.set(s.symbol, { ...this.setting(s.symbol), leverage });
    this.events.leverageChanged(s.symbol, leverage);
    return { leverage, maxNotionalValue: cap.toString(), symbol: s.symbol };
  }

  setMarginType(params: Params): unknown {
    const s = this.catalogue(required(params, 'symbol'));
    const marginType = required(params, 'marginType').toUpperCase();
    if (marginType !== 'ISOLATED' && marginType !== 'CROSSED') throw reject.mandatory('marginType');
    if (this.setting(s.symbol).marginType === marginType) throw reject.marginTypeNoChange();
    if (marginType === 'ISOLATED' && this.multiAssetsMargin) throw reject.isolatedInMultiAssets();
    if (this.symbolPositions(s.symbol).some((p) => !p.amount.isZero())) throw reject.marginTypePosition();
    if (this.openOrderList(s.symbol).length) throw reject.marginTypeOpenOrders();
    this.settings.set(s.symbol, { ...this.setting(s.symbol), marginType });
    this.events.marginTypeChanged(s.symbol);
    return { code: 200, msg: 'success' };
  }

  // ---- orders ------------------------------------------------------------

  newOrder(params: Params): unknown {
    return orderJson(this.place(params), this.catalogue(params.symbol ?? ''));
  }

  /** Binance's batchOrders: a JSON array of up to 5 orders; each answer is the order or its error. */
  batchOrders(params: Params): unknown[] {
    let list: unknown;
    try {
      list = JSON.parse(required(params, 'batchOrders'));
    } catch {
      throw reject.mandatory('batchOrders');
    }
    if (!Array.isArray(list) || list.length === 0) throw reject.mandatory('batchOrders');
    if (list.length > 5) throw reject.batchTooLarge();
    // Binance runs the items concurrently, in no guaranteed order: each is
    // margin-checked against the account as it was before the batch (margin a
    // close in the same batch frees does not count), executed in a random order.
    const answers: unknown[] = new Array(list.length);
    this.batchMargin = this.available();
    try {
      for (const i of this.batchOrder.order(list.length)) {
        try {
          const item = Object.entries(list[i] as Record<string, unknown>);
          const p = Object.fromEntries(item.map(([k, v]) => [k, String(v)]));
          answers[i] = this.newOrder(p);
        } catch (error) {
          if (!(error instanceof BinanceRejection)) throw error;
          answers[i] = error.toJSON();
        }
      }
    } finally {
      this.batchMargin = undefined;
    }
    return answers;
  }

  queryOrder(params: Params): unknown {
    const s = this.catalogue(required(params, 'symbol'));
    const order = this.findOrder(s.symbol, params.orderId, params.origClientOrderId);
    if (!order) throw reject.unknownOrder();
    return orderJson(order, s);
  }

  openOrders(params: Params): unknown[] {
    const symbol = params.symbol ? this.catalogue(params.symbol).symbol : undefined;
    return this.openOrderList(symbol).map((o) => orderJson(o, this.catalogue(o.symbol)));
  }

  /** DELETE /fapi/v1/order: a resting order by orderId or origClientOrderId; anything else is -2011. */
  cancelOrder(params: Params): unknown {
    const s = this.catalogue(required(params, 'symbol'));
    const order = this.findOrder(s.symbol, params.orderId, params.origClientOrderId);
    if (!order || order.status !== 'NEW') throw reject.unknownOrderCancel();
    order.status = 'CANCELED';
    order.updateTime = this.now();
    this.resting.delete(order);
    this.events.orderCanceled(order);
    return orderJson(order, s);
  }

  cancelAllOpenOrders(params: Params): unknown {
    const s = this.catalogue(required(params, 'symbol'));
    for (const order of this.openOrderList(s.symbol)) {
      order.status = 'CANCELED';
      order.updateTime = this.now();
      this.resting.delete(order);
      this.events.orderCanceled(order);
    }
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  }

  // ---- conditional orders (Binance's Algo Order service) -----------------

  newAlgoOrder(params: Params): unknown {
    const order = this.algo.place(params);
    return algoOrderJson(order, this.catalogue(order.symbol));
  }

  queryAlgoOrder(params: Params): unknown {
    const order = this.algo.find(params);
    if (!order) throw reject.unknownOrder();
    return algoOrderJson(order, this.catalogue(order.symbol));
  }

  /** DELETE /fapi/v1/algoOrder answers the ids and a success code, not the order. */
  cancelAlgoOrder(params: Params): unknown {
    const order = this.algo.cancel(params);
    return { algoId: order.algoId, clientAlgoId: order.clientAlgoId, code: '200', msg: 'success' };
  }

  openAlgoOrders(params: Params): unknown[] {
    const symbol = params.symbol ? this.catalogue(params.symbol).symbol : undefined;
    const algoId = params.algoId;
    return this.algo
      .open(symbol)
      .filter((o) => algoId === undefined || String(o.algoId) === algoId)
      .map((o) => algoOrderJson(o, this.catalogue(o.symbol)));
  }

  cancelAllAlgoOpenOrders(params: Params): unknown {
    const s = this.catalogue(required(params, 'symbol'));
    this.algo.cancelAll(s.symbol);
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  }

  findOrder(symbol: string, orderId?: string, clientOrderId?: string): EngineOrder | undefined {
    if (orderId === undefined && clientOrderId === undefined) throw reject.mandatory('orderId');
    const order = orderId !== undefined ? this.orders.get(Number(orderId)) : this.byClientId.get(clientOrderId!);
    return order && order.symbol === symbol ? order : undefined;
  }

  // ---- internals ---------------------------------------------------------

  catalogue(symbol: string): CatalogueSymbol {
    const s = MARKET_CATALOGUE.find((c) => c.symbol === symbol);
    if (!s) throw reject.invalidSymbol();
    return s;
  }

  setting(symbol: string): { leverage: number; marginType: MarginType } {
    return this.settings.get(symbol) ?? { leverage: DEFAULT_LEVERAGE, marginType: 'CROSSED' };
  }

  /** Largest position notional allowed at `leverage`, from the symbol's leverage brackets. */
  notionalCap(s: CatalogueSymbol, leverage: number): Decimal {
    return notionalCapAt(s, leverage);
  }

  openOrderList(symbol?: string): EngineOrder[] {
    return [...this.resting].filter((o) => o.status === 'NEW' && (!symbol || o.symbol === symbol));
  }

  private symbolPositions(symbol: string): EnginePosition[] {
    return (['BOTH', 'LONG', 'SHORT'] as const)
      .map((side) => this.positions.get(key(symbol, side)))
      .filter((p): p is EnginePosition => !!p);
  }

  unrealized(symbol: string, position: EnginePosition): Decimal {
    return position.amount.mul(this.priceOf(symbol).sub(position.entryPrice));
  }

  private totalUnrealized(): Decimal {
    let sum = new Decimal(0);
    for (const [k, p] of this.positions) sum = sum.add(this.unrealized(k.split('|')[0], p));
    return sum;
  }

  /** Wallet plus cross PnL, minus the margin locked by positions and resting orders. */
  available(): Decimal {
    let value = this.wallet;
    for (const [k, p] of this.positions) {
      const symbol = k.split('|')[0];
      value = value.sub(p.margin);
      if (this.setting(symbol).marginType === 'CROSSED') value = value.add(this.unrealized(symbol, p));
    }
    for (const o of this.openOrderList()) {
      value = value.sub(o.origQty.mul(o.price).div(this.setting(o.symbol).leverage));
    }
    return value;
  }

  /**
   * Places a regular order. `forced` is Binance's own close of a position
   * (liquidation or auto-deleveraging), which no client sends.
   */
  place(params: Params, forced?: 'LIQUIDATION' | 'ADL'): EngineOrder {
    const s = this.catalogue(required(params, 'symbol'));
    const side = required(params, 'side') as OrderSide;
    if (side !== 'BUY' && side !== 'SELL') throw reject.invalidSide();
    const type = required(params, 'type');
    if ((CONDITIONAL_TYPES as readonly string[]).includes(type)) throw reject.algoOnly();
    if (type !== 'MARKET' && type !== 'LIMIT') throw reject.invalidType();
    const positionSide = (params.positionSide ?? 'BOTH') as PositionSide;
    if (!['BOTH', 'LONG', 'SHORT'].includes(positionSide)) throw reject.mandatory('positionSide');
    if (this.dualSidePosition === (positionSide === 'BOTH')) throw reject.positionSide();
    if (params.closePosition === 'true') throw reject.notRequired('closePosition');
    const reduceOnly = params.reduceOnly === 'true';
    if (params.reduceOnly !== undefined && this.dualSidePosition) throw reject.notRequired('reduceonly');
    const clientOrderId = params.newClientOrderId ?? `web_${this.nextOrderId}`;
    if (!CLIENT_ORDER_ID.test(clientOrderId))
      throw reject.illegalChars('newClientOrderId', '^[\\.A-Z\\:/a-z0-9_-]{1,36}$');
    // Binance: newClientOrderId is "a unique id among open orders". Only a resting
    // order blocks its id (-4116); a filled MARKET order's id can be used again,
    // and that order fills again. So a client order id alone never makes a re-send safe.
    // https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api
    if (this.byClientId.get(clientOrderId)?.status === 'NEW') throw reject.duplicateClientId();
    const quantity = forced
      ? new Decimal(required(params, 'quantity'))
      : validQuantity(s, required(params, 'quantity'), type);

    if (type === 'LIMIT') return this.rest(s, params, side, positionSide, quantity, reduceOnly, clientOrderId);

    const price = this.priceOf(s.symbol);
    const held = this.positions.get(key(s.symbol, positionSide))?.amount ?? new Decimal(0);
    const { closing, opening } = splitOrder(held, side, positionSide, quantity, reduceOnly);
    const filled = closing.add(opening);
    if (opening.gt(0) && s.status !== 'TRADING') throw reject.symbolStatus();
    if (!reduceOnly && closing.isZero() && filled.mul(price).lt(s.minNotional)) throw reject.notional(s.minNotional);
    if (!forced) this.checkMargin(s, positionSide, side, opening, filled, price);
    const k = key(s.symbol, positionSide);
    const { position, realizedPnl } = positionAfterFill(
      this.positions.get(k),
      side,
      closing,
      opening,
      price,
      this.setting(s.symbol).leverage,
      this.now(),
    );
    const commission = filled.mul(price).mul(this.takerFeeRate);
    this.wallet = this.wallet.sub(commission).add(realizedPnl);
    if (position) this.positions.set(k, position);
    else this.positions.delete(k);
    const order = this.record({
      symbol: s.symbol,
      clientOrderId,
      side,
      positionSide,
      type,
      status: 'FILLED',
      price: new Decimal(0),
      origQty: quantity,
      executedQty: filled,
      avgPrice: price,
      reduceOnly,
      timeInForce: 'GTC',
    });
    const trade = { orderId: order.orderId, symbol: s.symbol, side, positionSide, price, qty: filled };
    const recorded = this.history.record({ ...trade, commission, realizedPnl });
    this.movePath(s.symbol, price, filled);
    this.events.filled(order, recorded, forced);
    return order;
  }

  private checkMargin(
    s: CatalogueSymbol,
    positionSide: PositionSide,
    side: OrderSide,
    opening: Decimal,
    filled: Decimal,
    price: Decimal,
  ): void {
    if (opening.isZero()) return;
    const { leverage } = this.setting(s.symbol);
    const fee = filled.mul(price).mul(this.takerFeeRate);
    const released = this.positions.get(key(s.symbol, positionSide));
    // A one-way flip first closes the old position, freeing its margin.
    const freed =
      positionSide === 'BOTH' && released && released.amount.isNegative() === (side === 'BUY')
        ? released.margin
        : new Decimal(0);
    const needed = opening.mul(price).div(leverage).add(fee);
    const available = this.batchMargin ? Decimal.min(this.available(), this.batchMargin) : this.available();
    if (needed.gt(available.add(freed))) throw reject.margin();
    const after = this.positionAfter(s.symbol, positionSide, side, opening);
    if (after.abs().mul(price).gt(this.notionalCap(s, leverage))) throw reject.maxPosition();
    if (this.batchMargin) this.batchMargin = this.batchMargin.sub(needed);
  }

  private positionAfter(symbol: string, positionSide: PositionSide, side: OrderSide, opening: Decimal): Decimal {
    const held = this.positions.get(key(symbol, positionSide))?.amount ?? new Decimal(0);
    const sameWay = held.isZero() || held.isNegative() === (side === 'SELL');
    return sameWay ? held.add(side === 'BUY' ? opening : opening.neg()) : side === 'BUY' ? opening : opening.neg();
  }

  private rest(
    s: CatalogueSymbol,
    params: Params,
    side: OrderSide,
    positionSide: PositionSide,
    quantity: Decimal,
    reduceOnly: boolean,
    clientOrderId: string,
  ): EngineOrder {
    const rawPrice = required(params, 'price');
    if (!/^\d+(\.\d+)?$/.test(rawPrice)) throw reject.mandatory('price');
    const timeInForce = required(params, 'timeInForce');
    if (!['GTC', 'IOC', 'FOK', 'GTX', 'GTD'].includes(timeInForce)) throw reject.invalidTimeInForce();
    const price = new Decimal(rawPrice);
    if (!price.sub(s.minPrice).mod(s.tickSize).isZero()) throw reject.priceTick();
    if (!reduceOnly && quantity.mul(price).lt(s.minNotional)) throw reject.notional(s.minNotional);
    if (quantity.mul(price).div(this.setting(s.symbol).leverage).gt(this.available())) throw reject.margin();
    const order = this.record({
      symbol: s.symbol,
      clientOrderId,
      side,
      positionSide,
      type: 'LIMIT',
      status: 'NEW',
      price,
      origQty: quantity,
      executedQty: new Decimal(0),
      avgPrice: new Decimal(0),
      reduceOnly,
      timeInForce,
    });
    this.events.orderPlaced(order);
    return order;
  }

  private record(order: Omit<EngineOrder, 'orderId' | 'time' | 'updateTime'>): EngineOrder {
    const now = this.now();
    const full: EngineOrder = { ...order, orderId: this.nextOrderId++, time: now, updateTime: now };
    this.orders.set(full.orderId, full);
    this.byClientId.set(full.clientOrderId, full);
    if (full.status === 'NEW') this.resting.add(full);
    return full;
  }
}

export function key(symbol: string, positionSide: PositionSide): string {
  return `${symbol}|${positionSide}`;
}

function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw reject.mandatory(name);
  return value;
}
