/**
 * Replays a failed or rejected signal through the same pipeline, linked to the
 * original. Only signals that passed the source and secret checks can ever be
 * replayed (the replay skips both, so anything else would let an admin click
 * execute a stranger's alert). One execution per original: a replay is
 * claimed in the database before it runs, and refused (409, naming the
 * replay) while another runs or once one went through.
 *
 * A bot alert is replayed as a new alert to the bot as it is now (its kill
 * switches, its defaults, its accounts), trading only the accounts that have
 * nothing through yet for it (bot-replay-plan.ts): the others are listed in the
 * answer with the reason. One account's execution is not replayed on its own:
 * the answer points to its alert.
 *
 * Nothing is replayed that may already have traded: a signal (or an account's
 * execution) with an order whose outcome is unknown, or that filled in whole
 * or in part, is refused (409, naming the order), before the claim and again
 * under it (replay-order-check.ts).
 */
import { ConflictException, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository';
import { BotRepository } from '../accounts/bot.repository';
import type { BotWithAccounts } from '../accounts/bot-view';
import { SignalHistoryRepository } from '../journal/signal-history.repository';
import { SignalJournal } from '../journal/signal-journal';
import { SignalHeader } from '../journal/signal-record';
import { newSignalId } from '../trading/client-order-id';
import { SignalPipeline } from '../webhook/signal-pipeline';
import { DirectRoute, recordedRoute } from '../webhook/webhook-routes';
import { BotReplayPlan, botReplayPlan } from './bot-replay-plan';
import { firstOrderThatMayHaveTraded, mayHaveTradedReason, RecordedOrder } from './replay-order-check';

/** PARTIAL: a bot alert some of whose accounts failed (its replay trades only those). */
const REPLAYABLE = ['FAILED', 'PARTIAL', 'REJECTED'];

@Injectable()
export class ReplayService {
  constructor(
    private readonly history: SignalHistoryRepository,
    private readonly journal: SignalJournal,
    private readonly pipeline: SignalPipeline,
    private readonly bots: BotRepository,
    private readonly accounts: AccountRepository,
  ) {}

  async replay(id: string) {
    const asked = await this.history.signal(id);
    if (!asked) throw new NotFoundException(`No signal with id ${id}`);
    if (!REPLAYABLE.includes(asked.status)) {
      const status = asked.status.toLowerCase();
      throw new ConflictException(
        `Only failed, partial or rejected signals can be replayed; signal ${id} is ${status}`,
      );
    }
    if (!asked.authenticated) {
      throw new ConflictException(`Signal ${id} did not pass the secret and source checks: it can never be replayed`);
    }
    if (asked.parentId) {
      throw new ConflictException(
        `Signal ${id} is one account's execution of bot alert ${asked.parentId}: replay the alert ` +
          `(POST /api/admin/signals/${asked.parentId}/replay), which runs again only the accounts whose ` +
          'execution did not go through',
      );
    }
    // Replaying a replay replays its original: one execution per original, however it is asked for.
    const original = asked.replayOfId ? ((await this.history.signal(asked.replayOfId)) ?? asked) : asked;
    const recorded = recordedRoute(original.route);
    if (!recorded) {
      throw new ConflictException(
        `Signal ${original.id} came in on "${original.route}", which is not one of the webhook routes: ` +
          'it cannot be replayed',
      );
    }
    const bot = recorded.route === 'bot' ? await this.botOf(original) : undefined;
    if (!bot) {
      const traded = await this.orderThatMayHaveTraded(original.id);
      if (traded) throw this.mayHaveTraded(original.id, traded);
    }
    const plan = bot && (await this.botPlan(bot, original.id));
    if (plan && plan.run.length === 0) throw this.nothingToReplay(original.id, plan);
    const receivedAt = new Date();
    const header: SignalHeader = {
      id: newSignalId(receivedAt.getTime()),
      route: original.route,
      clientIp: 'admin-replay',
      payload: original.payload,
      receivedAt,
      replayOfId: original.id,
      authenticated: true,
      symbol: original.symbol ?? undefined,
      botId: original.botId ?? undefined,
    };
    // No claim, no replay: without the database a second replay could not be refused.
    const { blockedBy } = await this.journal.claimReplay(original.id, header).catch(() => {
      throw new ServiceUnavailableException(
        'The database is unreachable: a replay must be claimed in it first; retry when /api/health is ok',
      );
    });
    if (blockedBy) {
      const running = blockedBy.status === 'PROCESSING' || blockedBy.status === 'RECEIVED';
      const state = running ? 'is running' : `went through (${blockedBy.status.toLowerCase()})`;
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `Signal ${original.id} is already replayed: replay ${blockedBy.id} ${state}`,
        replay_id: blockedBy.id,
      });
    }
    const payload = original.payload as Record<string, unknown>;
    const body = 'raw' in payload && Object.keys(payload).length === 1 ? payload.raw : payload;
    const input = { body, clientIp: 'admin-replay', replayOfId: original.id, id: header.id };
    if (!bot) {
      // Read again under the claim: an earlier replay that ended just before it may have traded.
      const traded = await this.orderThatMayHaveTraded(original.id);
      if (traded) {
        const refusal = this.mayHaveTraded(original.id, traded);
        await this.journal.finish(header, {
          status: 'REJECTED',
          httpStatus: 409,
          errorCode: 'MAY_HAVE_TRADED',
          errorMessage: refusal.message,
          answeredAt: new Date(),
        });
        throw refusal;
      }
      // Not a bot alert: one of the direct routes.
      const answer = await this.pipeline.handle(recorded.route as DirectRoute, input);
      return { replay_of: original.id, http_status: answer.httpStatus, result: answer.body };
    }
    // Read again under the claim: an earlier replay that ended just before it may have traded accounts.
    const fresh = await this.botPlan(bot, original.id);
    if (fresh.run.length === 0) {
      const refusal = this.nothingToReplay(original.id, fresh);
      await this.journal.finish(header, {
        status: 'REJECTED',
        httpStatus: 409,
        errorCode: 'NOTHING_TO_REPLAY',
        errorMessage: refusal.message,
        answeredAt: new Date(),
      });
      throw refusal;
    }
    // The bot as it is now (its switches, defaults and accounts), trading only the accounts left to trade.
    const accounts = bot.accounts.filter((a) => fresh.run.includes(a.accountId));
    const answer = await this.pipeline.handleBot({ ...bot, accounts }, '', input);
    return {
      replay_of: original.id,
      http_status: answer.httpStatus,
      result: answer.body,
      skipped_accounts: fresh.skipped,
    };
  }

  /** The bot a bot alert came to, as it is now. */
  private async botOf(original: { id: string; botId: string | null }): Promise<BotWithAccounts> {
    const bot = original.botId ? await this.bots.find(original.botId) : null;
    if (!bot) throw new ConflictException(`Signal ${original.id} came to a bot that no longer exists: not replayed`);
    return bot;
  }

  /** Which of the bot's accounts the replay trades: none that went through in the alert or a replay of it. */
  private async botPlan(bot: BotWithAccounts, originalId: string): Promise<BotReplayPlan> {
    const ids = bot.accounts.map((a) => a.accountId);
    const [accounts, executions] = await Promise.all([
      this.accounts.findMany(ids),
      this.history.executionsOfAlert(originalId),
    ]);
    const ordered = ids.flatMap((id) => accounts.filter((a) => a.id === id));
    return botReplayPlan(ordered, executions);
  }

  /**
   * An order of the signal or of one of its failed replays that may have traded (a replay that went through
   * is refused by the claim, naming it).
   */
  private async orderThatMayHaveTraded(originalId: string) {
    return firstOrderThatMayHaveTraded(await this.history.ordersOfSignalAndFailedReplays(originalId));
  }

  private mayHaveTraded(originalId: string, order: RecordedOrder & { signalId: string }): ConflictException {
    const whose = order.signalId === originalId ? '' : ` (its replay ${order.signalId})`;
    return new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      message: `Signal ${originalId} is not replayed${whose}: ${mayHaveTradedReason(order)}`,
      order: { client_order_id: order.clientOrderId, status: order.status, signal_id: order.signalId },
    });
  }

  private nothingToReplay(originalId: string, plan: BotReplayPlan): ConflictException {
    return new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      message:
        `Bot alert ${originalId} has no account left to replay: ` +
        plan.skipped.map((s) => `${s.account ?? s.account_id} ${s.reason}`).join('; '),
      skipped_accounts: plan.skipped,
    });
  }
}
