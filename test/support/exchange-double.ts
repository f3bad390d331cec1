/**
 * An in-memory exchange for unit tests of trading's flows: the paper engine behind the exchange port (real
 * sizing filters, positions, hedge mode, conditional orders), plus the faults order sending must survive, queued
 * per order: an order Binance refuses, and an order whose answer is lost, which then executed, executes later
 * (found by a later lookup) or never did. Lookups by client order id can be made to fail. Time is real but
 * short: a lost answer's recvWindow ends `executableForMs` after the order was sent.
 */
import Decimal from 'decimal.js';
import {
  ExchangeError,
  exchangeErrorFromBinance,
  exchangeErrorFromHttp,
  exchangeTimeoutError,
} from '../../src/exchange/exchange-error';
import type { OrderRequest, OrderResult } from '../../src/exchange/exchange.port';
import { FuturesEngine } from '../../src/exchange/paper/futures-engine';
import { InMemoryPaperAccountStore } from '../../src/exchange/paper/paper-account.store';
import { PaperExchange } from '../../src/exchange/paper/paper.exchange';

export type OrderFault =
  /** Binance refuses the order with this code (nothing executes). */
  | { kind: 'refused'; code: number; message: string }
  /**
   * The answer is lost (a timeout). `executes`: `now` (it did execute), `on-lookup` (it executes just before
   * lookup number `lookup` reaches the exchange), `never`. `executableForMs` absent: the request carried no
   * timestamp the service could rely on, so nobody can say when it stops being executable.
   */
  | ({ kind: 'lost'; executes: 'now' | 'never' } & LostTiming)
  | ({ kind: 'lost'; executes: 'on-lookup'; lookup: number } & LostTiming);

interface LostTiming {
  executableForMs?: number;
}

interface PendingExecution {
  request: OrderRequest;
  atLookup: number;
}

export class ExchangeDouble extends PaperExchange {
  /** Every order request that reached the exchange (a batch counts each order), in order. */
  readonly sent: OrderRequest[] = [];
  /** Client order ids looked up, in order. */
  readonly lookups: string[] = [];
  private readonly faults: OrderFault[] = [];
  private readonly pending = new Map<string, PendingExecution>();
  private lookupFailures = 0;
  private conditionalCancelFails = false;

  constructor(walletUsdt: Decimal.Value = '10000') {
    super(new FuturesEngine({ walletUsdt }), new InMemoryPaperAccountStore(), {
      price: () => Promise.resolve(undefined),
    });
  }

  /** Queues faults for the next orders, one per order (a batch takes one per order it holds). */
  fail(...faults: OrderFault[]): this {
    this.faults.push(...faults);
    return this;
  }

  /** The next `count` lookups by client order id fail with a 503. */
  failLookups(count: number): this {
    this.lookupFailures = count;
    return this;
  }

  /** The next cancel of a symbol's conditional orders fails with a 503 (the orders stay armed). */
  failConditionalCancel(): this {
    this.conditionalCancelFails = true;
    return this;
  }

  override async cancelAllConditionalOrders(symbol: string): Promise<void> {
    if (this.conditionalCancelFails) {
      this.conditionalCancelFails = false;
      throw exchangeErrorFromHttp(503, 'Service Unavailable');
    }
    return super.cancelAllConditionalOrders(symbol);
  }

  /** Sets the paper price of a symbol (the price market orders fill at). */
  async setPrice(symbol: string, price: Decimal.Value): Promise<void> {
    await this.price(symbol, new Decimal(price));
  }

  override async placeOrder(order: OrderRequest): Promise<OrderResult> {
    this.sent.push(order);
    const fault = this.faults.shift();
    if (!fault) return super.placeOrder(order);
    throw await this.apply(fault, order);
  }

  override async placeBatchOrders(orders: OrderRequest[]): Promise<Array<OrderResult | Error>> {
    this.sent.push(...orders);
    const faults = orders.map(() => this.faults.shift());
    // A lost answer loses the whole batch's answer: each order meets its own fault, one without executed.
    const lost = faults.find((fault) => fault?.kind === 'lost');
    if (lost) {
      const errors: ExchangeError[] = [];
      for (const [i, order] of orders.entries())
        errors.push(await this.apply(faults[i] ?? { ...lost, executes: 'now' }, order));
      throw errors[faults.indexOf(lost)];
    }
    const results: Array<OrderResult | Error> = [];
    for (const [i, order] of orders.entries()) {
      const fault = faults[i];
      results.push(fault ? await this.apply(fault, order) : await super.placeOrder(order).catch((e: Error) => e));
    }
    return results;
  }

  override async findOrder(symbol: string, clientOrderId: string): Promise<OrderResult | undefined> {
    this.lookups.push(clientOrderId);
    const late = this.pending.get(clientOrderId);
    if (late && this.lookupsOf(clientOrderId) >= late.atLookup) {
      this.pending.delete(clientOrderId);
      await super.placeOrder(late.request);
    }
    if (this.lookupFailures > 0) {
      this.lookupFailures -= 1;
      throw exchangeErrorFromHttp(503, 'Service Unavailable');
    }
    return super.findOrder(symbol, clientOrderId);
  }

  private lookupsOf(clientOrderId: string): number {
    return this.lookups.filter((id) => id === clientOrderId).length;
  }

  private async apply(fault: OrderFault, order: OrderRequest): Promise<ExchangeError> {
    if (fault.kind === 'refused') return exchangeErrorFromBinance(fault.code, fault.message);
    if (fault.executes === 'now') await super.placeOrder(order);
    if (fault.executes === 'on-lookup')
      this.pending.set(order.clientOrderId, { request: order, atLookup: fault.lookup });
    const lost = exchangeTimeoutError(400);
    return fault.executableForMs === undefined ? lost : lost.executableUntil(Date.now() + fault.executableForMs);
  }
}
