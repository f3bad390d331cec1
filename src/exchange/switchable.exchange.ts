/**
 * The EXCHANGE the rest of the service holds: it forwards every call to the
 * adapter in use, which the credentials endpoint can replace at run time
 * (new keys, testnet ↔ live) with no restart. A call already in flight
 * finishes on the adapter it started on. Inside one account's run of a bot
 * alert (account-context.ts) every call goes to that account's adapter.
 */
import Decimal from 'decimal.js';
import { currentAccountExchange, currentAccountId, DEFAULT_ACCOUNT } from './account-context';
import type { ManagedExchange } from './exchange.factory';
import type { ExchangeVenue } from './exchange-venue';
import type { AccountHistoryPort } from './account-history.port';
import { ConditionalOrderRequest, ExchangePort, KlineInterval, OrderRequest, PositionMode } from './exchange.port';
import { MarginType } from '../common/margin-types';
import type { ExchangeAnswer, ExchangeAnswerListener } from './exchange-answers';
import { ExchangeError } from './exchange-error';

export type ExchangeSource = 'environment' | 'stored';

export class SwitchableExchange implements ExchangePort, AccountHistoryPort {
  private active: ManagedExchange;
  private activeSource: ExchangeSource = 'environment';
  private readonly switchListeners = new Set<(next: ManagedExchange) => void>();
  private readonly answerListeners = new Set<ExchangeAnswerListener>();

  constructor(initial: ManagedExchange) {
    this.active = initial;
  }

  get current(): ManagedExchange {
    return this.active;
  }

  get source(): ExchangeSource {
    return this.activeSource;
  }

  get kind(): 'binance' | 'paper' {
    return currentAccountExchange()?.kind ?? this.active.kind;
  }

  get venue(): ExchangeVenue {
    return currentAccountExchange()?.venue ?? this.active.venue;
  }

  /** Switches to an adapter that is already started; the previous one is stopped. */
  use(next: ManagedExchange, source: ExchangeSource): void {
    const previous = this.active;
    this.active = next;
    this.activeSource = source;
    if (previous !== next) {
      previous.stop();
      for (const listener of this.switchListeners) listener(next);
    }
  }

  /** Called with the new adapter after each switch (the account stream follows it); answers the unsubscribe. */
  onSwitch(listener: (next: ManagedExchange) => void): () => void {
    this.switchListeners.add(listener);
    return () => this.switchListeners.delete(listener);
  }

  /** Told each account's answers to our own changes (exchange-answers.ts); answers the unsubscribe. */
  onAnswer(listener: ExchangeAnswerListener): () => void {
    this.answerListeners.add(listener);
    return () => this.answerListeners.delete(listener);
  }

  /** The adapter calls go to: the account being traded now (account-context.ts), else the default account's. */
  private get target(): ExchangePort {
    return currentAccountExchange() ?? this.active;
  }

  /**
   * Runs a change on the target and tells the listeners what it answered (`told`), or that its outcome is
   * unknown when its answer was lost, with the account it was sent for (each account's live state takes its own).
   */
  private async change<T>(
    call: (target: ExchangePort) => Promise<T>,
    told: (answer: T, sentAt: number, answeredAt: number) => ExchangeAnswer[],
    symbol?: string,
  ): Promise<T> {
    const target = this.target;
    const watched = this.answerListeners.size > 0;
    const accountId = target === this.active ? DEFAULT_ACCOUNT : currentAccountId();
    const sentAt = Date.now();
    try {
      const answer = await call(target);
      if (watched) this.tell(told(answer, sentAt, Date.now()), accountId);
      return answer;
    } catch (error) {
      if (watched) this.tell(failureAnswers(error, symbol), accountId);
      throw error;
    }
  }

  private tell(answers: ExchangeAnswer[], accountId: string): void {
    for (const answer of answers) for (const listener of this.answerListeners) listener(answer, accountId);
  }

  symbolRules = (symbol: string) => this.target.symbolRules(symbol);
  allSymbolRules = () => this.target.allSymbolRules();
  usdtBalance = () => this.target.usdtBalance();
  price = (symbol: string, entryHint?: Decimal) => this.target.price(symbol, entryHint);
  klines = (symbol: string, interval: KlineInterval, limit: number) => this.target.klines(symbol, interval, limit);
  positions = (symbol: string) => this.target.positions(symbol);
  allPositions = () => this.target.allPositions();
  allSymbolPositions = () => this.target.allSymbolPositions();
  positionMode = () => this.target.positionMode();
  multiAssetsMode = () => this.target.multiAssetsMode();
  leverageBrackets = (symbol: string) => this.target.leverageBrackets(symbol);
  setPositionMode = (mode: PositionMode) =>
    this.change(
      (t) => t.setPositionMode(mode),
      () => [{ kind: 'position-mode', mode }],
    );
  setLeverage = (symbol: string, leverage: number) =>
    this.change(
      (t) => t.setLeverage(symbol, leverage),
      (answer, _sent, answeredAt) => [{ kind: 'settings', symbol, leverage: answer.leverage, answeredAt }],
      symbol,
    );
  setMarginType = (symbol: string, marginType: MarginType) =>
    this.change(
      (t) => t.setMarginType(symbol, marginType),
      (_answer, _sent, answeredAt) => [{ kind: 'settings', symbol, marginType, answeredAt }],
      symbol,
    );
  placeOrder = (order: OrderRequest) =>
    this.change(
      (t) => t.placeOrder(order),
      (result, sentAt) => [{ kind: 'order', result, sentAt }],
      order.symbol,
    );
  placeBatchOrders = (orders: OrderRequest[]) =>
    this.change(
      (t) => t.placeBatchOrders(orders),
      (items, sentAt) =>
        items.flatMap((item, i) =>
          item instanceof Error ? failureAnswers(item, orders[i].symbol) : [{ kind: 'order', result: item, sentAt }],
        ),
      orders[0]?.symbol,
    );
  openOrders = (symbol: string) => this.target.openOrders(symbol);
  allOpenOrders = () => this.target.allOpenOrders();
  cancelAllOpenOrders = (symbol: string) =>
    this.change(
      (t) => t.cancelAllOpenOrders(symbol),
      (_none, sentAt, answeredAt) => [{ kind: 'cancel', what: 'orders', symbol, sentAt, answeredAt }],
      symbol,
    );
  placeConditionalOrder = (order: ConditionalOrderRequest) =>
    this.change(
      (t) => t.placeConditionalOrder(order),
      (placed, _sent, answeredAt) => [{ kind: 'conditional', order: placed, answeredAt }],
      order.symbol,
    );
  openConditionalOrders = (symbol: string) => this.target.openConditionalOrders(symbol);
  allOpenConditionalOrders = () => this.target.allOpenConditionalOrders();
  cancelAllConditionalOrders = (symbol: string) =>
    this.change(
      (t) => t.cancelAllConditionalOrders(symbol),
      (_none, sentAt, answeredAt) => [{ kind: 'cancel', what: 'conditional', symbol, sentAt, answeredAt }],
      symbol,
    );
  cancelConditionalOrder = (symbol: string, algoId: string) =>
    this.change(
      (t) => t.cancelConditionalOrder(symbol, algoId),
      (_none, sentAt, answeredAt) => [{ kind: 'cancel', what: 'conditional', symbol, algoId, sentAt, answeredAt }],
      symbol,
    );
  findConditionalOrder = (symbol: string, clientAlgoId: string) =>
    this.target.findConditionalOrder(symbol, clientAlgoId);
  /** A lost order found by its client order id: its fill counts as our own answer. */
  findOrder = (symbol: string, clientOrderId: string) =>
    this.change(
      (t) => t.findOrder(symbol, clientOrderId),
      (found) => (found ? [{ kind: 'order', result: found }] : []),
    );
  /** The stream's and history's account: the adapter in use (the environment's or the stored credentials'). */
  get accountId(): string {
    return this.active.accountId;
  }
  tradeHistory = (symbol: string, startTime: number, endTime: number) =>
    this.active.tradeHistory(symbol, startTime, endTime);
  incomeHistory = (startTime: number, endTime: number) => this.active.incomeHistory(startTime, endTime);
  serverTime = () => this.target.serverTime();
}

/** A change that failed: refused (nothing happened; a refused position side means the mode is not known), or lost. */
function failureAnswers(error: unknown, symbol?: string): ExchangeAnswer[] {
  if (!(error instanceof ExchangeError)) return [{ kind: 'unknown-outcome', symbol }];
  if (error.outcomeUnknown) return [{ kind: 'unknown-outcome', symbol, executableUntil: error.executableUntilMs }];
  return error.code === -4061 ? [{ kind: 'position-mode' }] : [];
}
