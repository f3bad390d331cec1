/**
 * The admin API's answers: history pages, one signal in full, statistics,
 * live positions and the CSV export. Decimals are exact strings here (this is
 * the review surface, not TradingView's).
 */
import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { AccountRepository, DEFAULT_ACCOUNT_ID } from '../accounts/account.repository';
import { AccountScopes } from '../exchange/account-scopes';
import { ExchangeError } from '../exchange/exchange-error';
import { AccountEventsService } from '../account-events/account-events.service';
import { CursorPosition, decodeCursor } from '../common/cursor';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';
import { ProtectionRepository, ProtectiveOrderRow } from '../journal/protection.repository';
import { SignalHistoryRepository } from '../journal/signal-history.repository';
import { botRouteName } from '../webhook/webhook-routes';
import { OrdersQueryDto, SignalsQueryDto, WindowQueryDto } from './dto/history-query.dto';

const DEFAULT_LIMIT = 50;
/** An exact decimal without exponent notation or trailing zeros. */
const exact = (value: { toFixed(): string } | null | undefined) =>
  value === null || value === undefined ? null : value.toFixed();

function dates(query: WindowQueryDto): { from?: Date; to?: Date } {
  return { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined };
}

function cursorOf(query: { cursor?: string }): CursorPosition | undefined {
  if (query.cursor === undefined) return undefined;
  const cursor = decodeCursor(query.cursor);
  if (!cursor)
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      parameter: 'cursor',
      message: 'Invalid query parameter "cursor": use the nextCursor of a previous page',
    });
  return cursor;
}

type Count = { key: string; count: number };

/** Totals, per status and per symbol, and the share executed of those that ended executed, partial or failed. */
function counts({ byStatus, bySymbol }: { byStatus: Count[]; bySymbol: Count[] }) {
  const of = (status: string) => byStatus.find((s) => s.key === status)?.count ?? 0;
  const ended = of('EXECUTED') + of('PARTIAL') + of('FAILED');
  return {
    total: byStatus.reduce((sum, s) => sum + s.count, 0),
    by_status: Object.fromEntries(byStatus.map((s) => [s.key.toLowerCase(), s.count])),
    by_symbol: Object.fromEntries(bySymbol.map((s) => [s.key, s.count])),
    success_rate: ended === 0 ? null : Math.round((of('EXECUTED') / ended) * 10000) / 10000,
  };
}

/**
 * Requests answered 429, per limit; and unauthenticated webhook requests, of which only the first per
 * address and hour are stored (as bounded records), the rest counted only.
 */
function serverCounts(tally: (kind: string) => { count: number | null; notStored: number | null }) {
  const unauthenticated = tally('UNAUTHENTICATED');
  return {
    throttled: { webhook: tally('THROTTLED_WEBHOOK').count ?? 0, admin: tally('THROTTLED_ADMIN').count ?? 0 },
    unauthenticated: {
      received: unauthenticated.count ?? 0,
      stored: (unauthenticated.count ?? 0) - (unauthenticated.notStored ?? 0),
      counted_only: unauthenticated.notStored ?? 0,
    },
  };
}

@Injectable()
export class TradeHistoryService {
  constructor(
    private readonly history: SignalHistoryRepository,
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly protection: ProtectionRepository,
    private readonly accountEvents: AccountEventsService,
    private readonly accounts: AccountRepository,
    private readonly scopes: AccountScopes,
  ) {}

  async signals(query: SignalsQueryDto) {
    const page = await this.history.signals(
      {
        symbol: query.symbol,
        action: query.action,
        status: query.status,
        // Every bot's alerts are recorded under their own name (bot:<slug>): `bot` asks for all of them.
        route: query.route === 'bot' ? { startsWith: botRouteName('') } : query.route,
        botId: query.bot_id,
        accountId: query.account_id,
        ...dates(query),
      },
      query.limit ?? DEFAULT_LIMIT,
      cursorOf(query),
    );
    return {
      items: page.items.map((s) => ({
        id: s.id,
        received_at: s.receivedAt.toISOString(),
        route: s.route,
        action: s.action?.toLowerCase() ?? null,
        symbol: s.symbol,
        status: s.status.toLowerCase(),
        quantity: exact(s.calculation?.quantity),
        http_status: s.httpStatus,
        error_code: s.errorCode,
        error: s.errorMessage,
        latency_ms: s.latencyMs,
        replay_of: s.replayOfId,
        // Whose and where: a bot alert's row has no account (its executions do) and says "mixed" when they differ.
        bot_id: s.botId,
        account_id: s.accountId,
        parent_id: s.parentId,
        mode: s.exchangeMode,
      })),
      next_cursor: page.nextCursor,
    };
  }

  async signal(id: string) {
    const s = await this.history.signal(id);
    if (!s) throw new NotFoundException(`No signal with id ${id}`);
    const c = s.calculation;
    // A bot alert trades nothing itself: its executions (one per account) hold the orders.
    const executions = s.route.startsWith(botRouteName('')) && !s.parentId ? await this.history.executionsOf(s.id) : [];
    return {
      id: s.id,
      route: s.route,
      bot_id: s.botId,
      account_id: s.accountId,
      parent_id: s.parentId,
      client_ip: s.clientIp,
      status: s.status.toLowerCase(),
      received_at: s.receivedAt.toISOString(),
      answered_at: s.answeredAt?.toISOString() ?? null,
      latency_ms: s.latencyMs,
      exchange_ms: s.exchangeMs,
      http_status: s.httpStatus,
      payload: s.payload,
      action: s.action?.toLowerCase() ?? null,
      raw_symbol: s.rawSymbol,
      symbol: s.symbol,
      balance_percentage: exact(s.balancePercentage),
      leverage: s.leverage,
      entry: exact(s.entryPrice),
      margin_type: s.marginType,
      ...(s.targetPosition
        ? {
            target: {
              market_position: s.targetPosition.toLowerCase(),
              market_position_size: exact(s.targetQuantity),
              prev_market_position: s.prevMarketPosition?.toLowerCase() ?? null,
            },
          }
        : {}),
      ...(s.closePercentage || s.closeQuantity
        ? { partial_exit: { close_percentage: exact(s.closePercentage), close_quantity: exact(s.closeQuantity) } }
        : {}),
      external_id: s.externalId,
      ignored_fields: s.ignoredFields ?? [],
      exchange: s.exchangeMode ? { mode: s.exchangeMode, host: s.exchangeHost } : null,
      error: s.errorCode ? { code: s.errorCode, message: s.errorMessage, suggestions: s.suggestions } : null,
      note: s.note,
      replay_of: s.replayOfId,
      replays: s.replays.map((r) => ({
        id: r.id,
        status: r.status.toLowerCase(),
        received_at: r.receivedAt.toISOString(),
      })),
      ...(executions.length
        ? {
            executions: executions.map((e) => ({
              id: e.id,
              account_id: e.accountId,
              account: e.accountName,
              status: e.status.toLowerCase(),
              http_status: e.httpStatus,
              exchange: e.exchangeMode ? { mode: e.exchangeMode, host: e.exchangeHost } : null,
              error: e.errorMessage,
              note: e.note,
            })),
          }
        : {}),
      calculation: c && {
        balance: exact(c.balance),
        balance_source: c.balanceSource,
        sizing_mode: c.sizingMode,
        sizing_value: exact(c.sizingValue),
        balance_percentage: exact(c.balancePercentage),
        stop_price: exact(c.stopPrice),
        risk_capped: c.riskCapped,
        leverage: c.leverage,
        price: exact(c.price),
        price_source: c.priceSource,
        position_value: exact(c.positionValue),
        raw_quantity: exact(c.rawQuantity),
        quantity: exact(c.quantity),
        notional: exact(c.notional),
        step_size: exact(c.stepSize),
        min_qty: exact(c.minQty),
        max_qty: exact(c.maxQty),
        min_notional: exact(c.minNotional),
        capped: c.capped,
        available_balance: exact(c.availableBalance),
        taker_fee_rate: exact(c.takerFeeRate),
        opening_fee: exact(c.openingFee),
        fee_capped: c.feeCapped,
        capped_by: c.cappedBy,
        max_notional: exact(c.maxNotional),
      },
      orders: s.orders.map((o) => this.order(o)),
      protective_orders: s.protectiveOrders.map((p) => protectiveOrderJson(p)),
      // What Binance reported for this signal's orders: fills (PnL, commission) and protection triggers.
      account_events: await this.accountEvents.ofSignal(s.id),
      cancelled_orders: s.cancelledOrders ?? [],
    };
  }

  /** Protection still waiting on the exchange (as last recorded), grouped by symbol. */
  async openProtection(symbol?: string) {
    const rows = await this.protection.open(symbol);
    const symbols: Record<string, ReturnType<typeof protectiveOrderJson>[]> = {};
    for (const row of rows) (symbols[row.symbol] ??= []).push(protectiveOrderJson(row));
    return { symbols };
  }

  async orders(query: OrdersQueryDto) {
    const page = await this.history.orders(
      {
        symbol: query.symbol,
        side: query.side,
        status: query.status,
        botId: query.bot_id,
        accountId: query.account_id,
        ...dates(query),
      },
      query.limit ?? DEFAULT_LIMIT,
      cursorOf(query),
    );
    return { items: page.items.map((o) => this.order(o)), next_cursor: page.nextCursor };
  }

  async stats(query: WindowQueryDto) {
    const { from, to } = dates(query);
    const owner = { botId: query.bot_id, accountId: query.account_id };
    const { alerts, executions, volume, latency, tally } = await this.history.stats(from, to, owner);
    const round = (n: number | null | undefined) =>
      n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10;
    return {
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      ...(owner.botId ? { bot_id: owner.botId } : {}),
      ...(owner.accountId ? { account_id: owner.accountId } : {}),
      // Alerts as received: one per TradingView alert, however many accounts it traded.
      ...counts(alerts),
      // Each account's trade of a bot alert, apart (an alert to three accounts is one alert, three executions).
      executions: counts(executions),
      executed_volume_usdt: Object.fromEntries(volume.map((v) => [v.symbol, exact(v._sum.cumQuote) ?? '0'])),
      latency_ms: { p50: round(latency?.p50), p95: round(latency?.p95), p99: round(latency?.p99) },
      ...(tally
        ? serverCounts(tally)
        : {
            server_counts:
              'throttled and unauthenticated requests are counted for the whole server, not per bot or account: ' +
              'GET /api/admin/stats without bot_id and account_id shows them',
          }),
    };
  }

  /** An account's positions and balance, live from its exchange (the default account when none is named). */
  async positions(accountId: string = DEFAULT_ACCOUNT_ID) {
    const account = await this.accounts.find(accountId);
    if (!account) throw new NotFoundException(`No account with id ${accountId} (GET /api/admin/accounts lists them)`);
    const read = async () => {
      const [balance, positions] = await Promise.all([this.exchange.usdtBalance(), this.exchange.allPositions()]);
      return { balance, positions, venue: this.exchange.venue };
    };
    // As the account: the port reaches its own adapter (its keys, or its paper state).
    const { balance, positions, venue } = await this.scopes.run(account.id, read).catch((error: Error) => {
      if (error instanceof ExchangeError) throw error;
      throw new ServiceUnavailableException(`Account ${account.name} cannot be reached: ${error.message}`);
    });
    return {
      account: { id: account.id, name: account.name },
      exchange: { mode: venue.mode, host: venue.host },
      balance: { asset: 'USDT', wallet: exact(balance.wallet), available: exact(balance.available) },
      positions: positions.map((p) => ({
        symbol: p.symbol,
        direction: p.direction.toLowerCase(),
        position_side: p.positionSide,
        quantity: exact(p.quantity),
        entry_price: exact(p.entryPrice),
        mark_price: exact(p.markPrice),
        unrealized_pnl: exact(p.unrealizedPnl),
      })),
    };
  }

  private order(o: Awaited<ReturnType<SignalHistoryRepository['orders']>>['items'][number]) {
    return {
      id: o.id,
      signal_id: o.signalId,
      created_at: o.createdAt.toISOString(),
      client_order_id: o.clientOrderId,
      exchange_order_id: o.exchangeOrderId,
      symbol: o.symbol,
      purpose: o.purpose.toLowerCase(),
      side: o.side,
      position_side: o.positionSide,
      type: o.type,
      quantity: exact(o.quantity),
      reduce_only: o.reduceOnly,
      status: o.status.toLowerCase(),
      executed_qty: exact(o.executedQty),
      avg_price: exact(o.avgPrice),
      cum_quote: exact(o.cumQuote),
      error_code: o.errorCode,
      error: o.errorMessage,
      note: o.note,
      request: o.request,
      response: o.response,
      sent_at: o.sentAt?.toISOString() ?? null,
      answered_at: o.answeredAt?.toISOString() ?? null,
    };
  }
}

export function protectiveOrderJson(p: ProtectiveOrderRow) {
  return {
    signal_id: p.signalId,
    symbol: p.symbol,
    kind: p.kind.toLowerCase(),
    level: p.level,
    type: p.type,
    side: p.side,
    position_side: p.positionSide,
    status: p.status.toLowerCase(),
    algo_id: p.algoId,
    client_algo_id: p.clientAlgoId,
    trigger_price: exact(p.triggerPrice),
    asked_price: exact(p.askedPrice),
    quantity: p.closePosition ? 'whole position' : exact(p.quantity),
    size_percent: exact(p.sizePercent),
    callback_rate: exact(p.callbackRate),
    activation_price: exact(p.activationPrice),
    working_type: p.workingType,
    break_even: p.breakEven,
    entry_price: exact(p.entryPrice),
    replaces: p.replacesId,
    placed_at: p.placedAt?.toISOString() ?? null,
    triggered_at: p.triggeredAt?.toISOString() ?? null,
    filled_at: p.filledAt?.toISOString() ?? null,
    fill_price: exact(p.fillPrice),
    actual_order_id: p.actualOrderId,
    error: p.errorMessage ? { code: p.errorCode, message: p.errorMessage } : null,
    note: p.note,
  };
}
