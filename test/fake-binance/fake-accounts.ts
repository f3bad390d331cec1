/**
 * The fake's Binance accounts, one per API key: each has its own secret,
 * simulated account (balance, positions, orders, settings) and order-count
 * limits, as each Binance account or sub-account does. Request weight is
 * counted per IP, not here: Binance shares it between every key on one
 * address. A request signed with a key the fake does not know, or one revoked
 * through /__control, is answered as Binance answers a deleted key: HTTP 401,
 * -2015 "Invalid API-key, IP, or permissions for action" (a malformed key:
 * -2014). https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code
 * ("-2014 BAD_API_KEY_FMT", "-2015 REJECTED_MBX_KEY").
 */
import { FuturesEngine } from '../../src/exchange/paper/futures-engine';
import { BINANCE_ORDER_LIMITS, OrderCounter, OrderLimits } from './order-counter';

export interface FakeAccount {
  apiKey: string;
  apiSecret: string;
  engine: FuturesEngine;
  orderCounter: OrderCounter;
  /** A revoked key is refused with -2015, as a key deleted in Binance's API management is. */
  revoked: boolean;
}

export interface NewFakeAccount {
  apiKey: string;
  apiSecret: string;
  walletUsdt?: string;
}

export const API_KEY_FORMAT = /^[A-Za-z0-9_-]{1,128}$/;

export class FakeAccounts {
  private readonly byKey = new Map<string, FakeAccount>();

  constructor(
    readonly main: FakeAccount,
    private readonly orderLimits: OrderLimits = BINANCE_ORDER_LIMITS,
  ) {
    this.byKey.set(main.apiKey, main);
  }

  /** Adds (or replaces) the account of an API key; its prices start as the main account's. */
  add(options: NewFakeAccount): FakeAccount {
    if (!API_KEY_FORMAT.test(options.apiKey)) throw new Error('apiKey: 1 to 128 letters, digits, "-" or "_"');
    if (!options.apiSecret) throw new Error('apiSecret is required');
    if (options.apiKey === this.main.apiKey) throw new Error("apiKey is the main account's key");
    const engine = new FuturesEngine({ walletUsdt: options.walletUsdt ?? '10000' });
    for (const [symbol, price] of this.main.engine.prices) engine.prices.set(symbol, price);
    const account: FakeAccount = {
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      engine,
      orderCounter: new OrderCounter(this.orderLimits),
      revoked: false,
    };
    this.byKey.set(options.apiKey, account);
    return account;
  }

  get(apiKey: string | undefined): FakeAccount | undefined {
    return apiKey === undefined ? undefined : this.byKey.get(apiKey);
  }

  revoke(apiKey: string, revoked = true): boolean {
    const account = this.byKey.get(apiKey);
    if (account) account.revoked = revoked;
    return account !== undefined;
  }

  all(): FakeAccount[] {
    return [...this.byKey.values()];
  }

  /** Back to the main account alone. */
  reset(): void {
    this.byKey.clear();
    this.main.revoked = false;
    this.byKey.set(this.main.apiKey, this.main);
  }
}
