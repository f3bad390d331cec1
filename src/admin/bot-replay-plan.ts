/**
 * Which accounts a replay of a bot alert trades (pure). A bot alert is one
 * row with an execution per account under it; it ends failed as soon as one
 * account failed, while the others may well have traded. A replay must never
 * trade an account twice, so it runs only the bot's current accounts that have
 * no execution of the alert (or of an earlier replay of it) that went through
 * or may still be running, nor one with an order that may have traded (an
 * execution can fail after its entry filled, or with its order's outcome
 * unknown: replay-order-check.ts); a disabled account is left out too. Each
 * account left out is named with the reason, for the answer.
 */
import { firstOrderThatMayHaveTraded, mayHaveTradedReason, RecordedOrder } from './replay-order-check';

/** Execution statuses after which the account may be tried again: nothing was traded. */
const RETRIABLE = ['FAILED', 'REJECTED'];

export interface ReplayAccount {
  id: string;
  name: string;
  enabled: boolean;
}

export interface PastExecution {
  id: string;
  accountId: string | null;
  status: string;
  orders?: RecordedOrder[];
}

export interface SkippedAccount {
  account_id: string;
  account?: string;
  reason: string;
}

export interface BotReplayPlan {
  /** The accounts to trade again, in the bot's order. */
  run: string[];
  skipped: SkippedAccount[];
}

/** `accounts`: the bot's accounts now; `executions`: every execution of the alert and of its replays. */
export function botReplayPlan(accounts: ReplayAccount[], executions: PastExecution[]): BotReplayPlan {
  const run: string[] = [];
  const skipped: SkippedAccount[] = [];
  for (const account of accounts) {
    const blocking = executions.find((e) => e.accountId === account.id && !RETRIABLE.includes(e.status));
    const named = { account_id: account.id, account: account.name };
    const traded = executions
      .filter((e) => e.accountId === account.id)
      .flatMap((e) => {
        const order = firstOrderThatMayHaveTraded(e.orders ?? []);
        return order ? [{ execution: e, order }] : [];
      })[0];
    if (!blocking && traded) {
      skipped.push({ ...named, reason: `execution ${traded.execution.id}: ${mayHaveTradedReason(traded.order)}` });
    } else if (blocking) {
      const done = ['EXECUTED', 'SKIPPED', 'DUPLICATE'].includes(blocking.status);
      const reason = done
        ? `already went through (execution ${blocking.id}, ${blocking.status.toLowerCase()}): not traded twice`
        : `execution ${blocking.id} is still ${blocking.status.toLowerCase()} (running, or settled by crash ` +
          'recovery shortly): replaying it could trade twice';
      skipped.push({ ...named, reason });
    } else if (!account.enabled) {
      skipped.push({ ...named, reason: 'the account is disabled' });
    } else {
      run.push(account.id);
    }
  }
  const current = new Set(accounts.map((a) => a.id));
  const gone = new Set(executions.flatMap((e) => (e.accountId && !current.has(e.accountId) ? [e.accountId] : [])));
  for (const id of gone) skipped.push({ account_id: id, reason: 'no longer an account of the bot' });
  return { run, skipped };
}
