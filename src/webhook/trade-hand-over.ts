/**
 * The hand-over from intake to trading: a validated signal becomes one trade command for trading's one
 * entry (TradeExecutor), and its outcome becomes the answer and the recorded outcome. Today's routes and
 * each account of a bot alert go through here alike.
 */
import { Injectable } from '@nestjs/common';
import type { TradeCommand } from '../trading/trade-command';
import type { AccountCaps } from '../trading/target-limits';
import { TradeExecutor } from '../trading/trade-executor';
import type { SignalHeader } from '../journal/signal-record';
import type { SignalAnswer } from './alert-route';
import { AnsweredSignal, answerThrown, answerTrade } from './signal-answers';
import { SignalSettler } from './signal-settler';
import type { ValidSignal } from './signal-validation';

/** The trade a validated signal asks for. */
export function tradeCommand(
  signalId: string,
  signal: ValidSignal,
  stateAware: boolean,
  caps: AccountCaps = {},
): TradeCommand {
  const { symbol } = signal;
  if (signal.action === 'target') {
    const target = signal.target!;
    const { balancePercentage, leverage, entry, marginType, protection } = signal;
    const sized = { size: target.size, balancePercentage, leverage, entry, marginType, protection };
    return { flow: 'target', signalId, symbol, position: target.position, ...sized, caps };
  }
  if (signal.action === 'close' && signal.partial) {
    return { flow: 'partial-close', signalId, symbol, stateAware, partial: signal.partial };
  }
  if (signal.action === 'close') return { flow: 'close', signalId, symbol, stateAware };
  return {
    flow: 'open',
    signalId,
    symbol,
    action: signal.action,
    balancePercentage: signal.balancePercentage,
    sizing: signal.sizing,
    protection: signal.protection,
    // Validation makes leverage present on buy and sell.
    leverage: signal.leverage!,
    entry: signal.entry,
    marginType: signal.marginType,
    stateAware,
    // The leverage is checked against the account's maximum before (account-limits.ts): it is always given.
    maxPositionValue: caps.maxPositionValue,
    sizingMultiplier: signal.sizingMultiplier,
  };
}

@Injectable()
export class TradeHandOver {
  constructor(
    private readonly executor: TradeExecutor,
    private readonly settler: SignalSettler,
  ) {}

  /** Trades the signal, settles its outcome (recorded after the answer) and returns the answer. */
  async trade(
    header: SignalHeader,
    signal: ValidSignal,
    stateAware: boolean,
    caps?: AccountCaps,
  ): Promise<SignalAnswer> {
    let answered: AnsweredSignal;
    try {
      const traded = await this.executor.execute(tradeCommand(header.id, signal, stateAware, caps));
      answered = answerTrade(header, signal, traded);
    } catch (error) {
      answered = answerThrown(header, error);
    }
    this.settler.settle(header, { ...answered.outcome, answeredAt: new Date() });
    const { errorCode } = answered.outcome;
    return errorCode ? { ...answered.answer, errorCode } : answered.answer;
  }
}
