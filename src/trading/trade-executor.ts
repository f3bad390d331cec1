/**
 * Trading's one entry for a signal: takes a validated trade command, runs the flow it names (buy/sell,
 * close, partial close, target position) and returns one outcome, whichever flow ran. The webhook (each
 * of today's routes and every account of a bot alike) hands every trade here and shapes the answer from
 * what comes back; it never calls a flow itself.
 *
 * One retry, for one refusal: Binance pushes no stream event when the position mode (one-way / hedge) is
 * changed by hand, so a trade on the live account state can send an order for a position side the account
 * no longer has, refused with -4061. A refused order was not placed; the refusal made the live state forget
 * the mode (SwitchableExchange), so the flow run again reads the account over REST and trades right.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';
import { CloseService } from './close/close.service';
import { PartialCloseService } from './close/partial-close.service';
import { ExchangeClock } from './exchange-clock';
import type {
  CloseCommand,
  OpenCommand,
  PartialCloseCommand,
  TargetCommand,
  TradeCommand,
  TradeOutcome,
} from './trade-command';
import { TargetPositionService } from './target-position.service';
import { TradingService } from './trading.service';

export const POSITION_MODE_RETRY_NOTE =
  'The position mode had changed outside tvbridge: the first order was refused (not placed), ' +
  'the account re-read over REST and the trade retried';

/**
 * A trade on the live state that placed nothing because an order was refused for its position side
 * (-4061): every order it sent was refused outright (none executed, none with an unknown outcome).
 */
export function refusedForStalePositionMode(outcome: TradeOutcome): boolean {
  if (outcome.status !== 'failed' || !outcome.result.readFromLiveState) return false;
  const attempts = outcome.orders;
  if (!attempts.some((a) => a.error?.code === -4061)) return false;
  return attempts.every((a) => !a.result && a.error !== undefined && !a.error.outcomeUnknown && !a.notExecuted);
}

@Injectable()
export class TradeExecutor {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly trading: TradingService,
    private readonly closer: CloseService,
    private readonly partials: PartialCloseService,
    private readonly targets: TargetPositionService,
  ) {}

  async execute(command: TradeCommand): Promise<TradeOutcome> {
    const first = await this.run(command);
    if (!refusedForStalePositionMode(first)) return first;
    const retry = await this.run(command);
    const refusal = first.orders.find((a) => a.error?.code === -4061)!.error!;
    const note = `${POSITION_MODE_RETRY_NOTE} (${refusal.message})`;
    return {
      ...retry,
      note: [note, retry.note].filter(Boolean).join('; '),
      // What the first run did cancel (a reversal cancels beside its order) stays in the record.
      cancelledOrders: [...first.cancelledOrders, ...retry.cancelledOrders],
    };
  }

  private run(command: TradeCommand): Promise<TradeOutcome> {
    switch (command.flow) {
      case 'open':
        return this.open(command);
      case 'close':
        return this.close(command);
      case 'partial-close':
        return this.partialClose(command);
      case 'target':
        return this.target(command);
    }
  }

  private async open(command: OpenCommand): Promise<TradeOutcome> {
    const { flow, ...request } = command;
    const result = await this.trading.open(request);
    return {
      flow,
      result,
      status: result.status,
      note: result.note,
      error: result.error,
      exchangeMs: result.exchangeMs,
      calculation: result.calculation,
      orders: result.orders,
      cancelledOrders: result.cancelledOrders ?? [],
      protectiveOrders: result.protection?.records,
    };
  }

  private async close(command: CloseCommand): Promise<TradeOutcome> {
    const result = await this.closer.close(command.symbol, command.signalId, command.stateAware);
    const { status, note, error, exchangeMs } = result;
    return {
      flow: 'close',
      result,
      status,
      note,
      error,
      exchangeMs,
      orders: result.closed,
      cancelledOrders: result.cancelled,
    };
  }

  /** A partial exit of nothing held is skipped on a state-aware route, done (and said so) on the others. */
  private async partialClose(command: PartialCloseCommand): Promise<TradeOutcome> {
    const clock = new ExchangeClock();
    const result = await clock.time(this.partials.close(command.symbol, command.signalId, command.partial));
    const status = result.kind === 'nothing' && command.stateAware ? 'skipped' : result.error ? 'failed' : 'executed';
    return {
      flow: 'partial-close',
      result,
      status,
      note: result.note,
      error: status === 'failed' ? result.error : undefined,
      exchangeMs: clock.elapsed,
      orders: result.closed,
      cancelledOrders: result.cancelled,
    };
  }

  private async target(command: TargetCommand): Promise<TradeOutcome> {
    const { flow, ...request } = command;
    const result = await this.targets.reach(request);
    const baseAsset = (await this.exchange.symbolRules(command.symbol))?.baseAsset ?? '';
    return {
      flow,
      result,
      baseAsset,
      status: result.status,
      note: result.note,
      error: result.error,
      exchangeMs: result.exchangeMs,
      calculation: result.calculation,
      orders: result.orders,
      cancelledOrders: result.cancelled,
      protectiveOrders: result.protection?.records,
    };
  }
}
