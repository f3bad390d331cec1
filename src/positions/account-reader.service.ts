/**
 * What a trade needs to know before its orders: the balance, a price and the
 * symbol's positions, mode and open (conditional) orders. From the live
 * account state when it is fresh (no request: the trade is one round trip, its
 * orders); otherwise read over REST in one parallel round trip, as always, and
 * handed to the live state. The default account and every live or testnet
 * account of a bot have a live state (account-live-states.ts); a bot's paper
 * accounts read their simulated account, in-process.
 *
 * The price: Binance's mark price as its stream pushed it when fresh (the
 * Binance adapter's REST price ignores the alert's entry anyway); the paper
 * exchange is always asked, in-process, because its price may come from the
 * alert's entry (no market data) and the simulated fill follows it.
 */
import { Inject, Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { currentAccountExchange, currentAccountId } from '../exchange/account-context';
import { EXCHANGE, ExchangePort, PriceQuote, UsdtBalance } from '../exchange/exchange.port';
import type { AccountReading, ReadingAnswer } from './account-state/account-state';
import { AccountLiveStates } from './account-state/account-live-states';
import type { ReadTicket } from './account-state/live-account-state';
import { LiveAccountStateService } from './account-state/live-account-state.service';
import type { StaleReason } from './account-state/stream-health';
import { PositionsService, SymbolState } from './positions.service';

export interface TradeReading {
  balance: UsdtBalance;
  quote: PriceQuote;
  /** With the open conditional orders (and the open orders when fresh or asked for). */
  state: SymbolState;
  /** Why the account was read over REST; undefined when the live state answered. */
  readOverRest?: StaleReason | 'other-account';
}

/** The live state of the account being traded now (the default account's, or a bot account's). */
interface LiveReads {
  read(symbol: string, forClose: boolean): ReadingAnswer;
  ticket(): ReadTicket;
  applyReads(ticket: ReadTicket, reads: { balance?: UsdtBalance; state?: SymbolState }): void;
}

/** Whether a flow's account reading came from the live state (its `readFromLiveState`). */
export interface ReadFrom {
  /** True when the live account state answered (no REST read); see TradeExecutor's -4061 retry. */
  readFromLiveState?: boolean;
}

@Injectable()
export class AccountReader {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly positions: PositionsService,
    private readonly live: LiveAccountStateService,
    private readonly accounts: AccountLiveStates,
  ) {}

  /** An open or reversal: balance, price, positions and the conditional orders (a reversal cancels them). */
  async forOpen(symbol: string, entry?: Decimal): Promise<TradeReading> {
    const fresh = this.fresh(symbol, false);
    if (fresh.reading) return { ...fresh.reading, quote: await this.quote(fresh.reading, entry) };
    const ticket = fresh.live?.ticket();
    const [balance, quote, state, conditionalOrders] = await Promise.all([
      this.exchange.usdtBalance(),
      this.exchange.price(symbol, entry),
      this.positions.read(symbol),
      this.exchange.openConditionalOrders(symbol),
    ]);
    const withOrders = { ...state, conditionalOrders };
    if (ticket) fresh.live?.applyReads(ticket, { balance, state: withOrders });
    return { balance, quote, state: withOrders, readOverRest: fresh.reason };
  }

  /** A close: positions, open orders and conditional orders (no balance, no price). */
  async forClose(symbol: string): Promise<{ state: SymbolState; readOverRest?: TradeReading['readOverRest'] }> {
    const fresh = this.fresh(symbol, true);
    if (fresh.reading) return { state: fresh.reading.state };
    const ticket = fresh.live?.ticket();
    const state = await this.positions.readWithOrders(symbol);
    if (ticket) fresh.live?.applyReads(ticket, { state });
    return { state, readOverRest: fresh.reason };
  }

  /** A target position: the price, positions with every open order, and the balance when it sizes. */
  async forTarget(
    symbol: string,
    sized: boolean,
    entry?: Decimal,
  ): Promise<Omit<TradeReading, 'balance'> & { balance?: UsdtBalance }> {
    const fresh = this.fresh(symbol, false);
    if (fresh.reading) return { ...fresh.reading, quote: await this.quote(fresh.reading, entry) };
    const ticket = fresh.live?.ticket();
    const [balance, quote, state] = await Promise.all([
      sized ? this.exchange.usdtBalance() : undefined,
      this.exchange.price(symbol, entry),
      this.positions.readWithOrders(symbol),
    ]);
    if (ticket) fresh.live?.applyReads(ticket, { balance, state });
    return { balance, quote, state, readOverRest: fresh.reason };
  }

  /** The live state's reading when fresh; otherwise why not, and the live state the REST reads go to (if any). */
  private fresh(
    symbol: string,
    forClose: boolean,
  ): { reading?: AccountReading; reason?: TradeReading['readOverRest']; live?: LiveReads } {
    const live: LiveReads | undefined =
      currentAccountExchange() === undefined ? this.live : this.accounts.get(currentAccountId());
    // A bot's paper account, or a live one whose state is not started (streams off): read, in-process or REST.
    if (!live) return { reason: 'other-account' };
    const answer = live.read(symbol, forClose);
    return answer.fresh ? { reading: answer.reading } : { reason: answer.reason, live };
  }

  private quote(reading: AccountReading, entry?: Decimal): Promise<PriceQuote> | PriceQuote {
    return this.exchange.kind === 'paper' ? this.exchange.price(reading.quote.symbol, entry) : reading.quote;
  }
}
