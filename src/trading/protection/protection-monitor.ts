/**
 * Follows protection once it is on the exchange: every PROTECTION_POLL_MS the
 * symbols with open protection are checked, account by account, each as its
 * account (its own adapter and keys) — the default account's user-data stream
 * also triggers checks at once (protection-stream-follower.ts). One
 * openAlgoOrders read per account and symbol (weight 1; a lookup only for
 * orders that left it). The default account is checked on every pass; the
 * others take turns within a share of the IP's weight per minute
 * (account-poll-rotation.ts), so many accounts never crowd out the alerts.
 * Each symbol is checked inside the account's queue for it, which holds its
 * Postgres advisory lock: signals and other instances never act on the same
 * account's symbol at the same moment, so nothing is done twice.
 *
 * What it does with what it finds (handleUpdate is the entry point a stream
 * can feed later): records each order's fate (triggered, filled at a price,
 * cancelled) and emits it; after a take profit filled, moves a break-even
 * stop to the entry price plus fees; once the side is flat, cancels the
 * protection left on it (the take profits of a position the stop closed).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RepeatingJob } from '../../common/repeating-job';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { currentAccountId, DEFAULT_ACCOUNT } from '../../exchange/account-context';
import { AccountScopes } from '../../exchange/account-scopes';
import { ExchangeError } from '../../exchange/exchange-error';
import { ConditionalOrder, EXCHANGE, ExchangePort } from '../../exchange/exchange.port';
import { ProtectionRepository, ProtectiveOrderRow } from '../../journal/protection.repository';
import type { ProtectionStatus } from '../../journal/signal-record';
import type { ProtectionTriggered } from '../../notifications/notification-events';
import { queueKey, SymbolQueue } from '../symbol-queue';
import { AccountPollRotation } from './account-poll-rotation';
import { BreakEvenMover } from './break-even-mover';
import { ProtectionEvent, ProtectionEvents } from './protection-events';
import { ProtectionResizer } from './protection-resizer';
import { protectionStatus } from './protective-order-sender';

/**
 * The share of the IP's request weight per minute that polling the other accounts' protection may use
 * (BINANCE_WEIGHT_PER_MINUTE × 0.1 = 240 of Binance's 2400): within the 20% fan-outs leave to the rest.
 */
export const OTHER_ACCOUNTS_WEIGHT_SHARE = 0.1;

const KINDS = { STOP_LOSS: 'stop', TAKE_PROFIT: 'target', TRAILING_STOP: 'trailing' } as const;

/** The notification of a protective order that fired. */
function triggeredEvent(row: ProtectiveOrderRow, fillPrice?: string): ProtectionTriggered {
  return {
    symbol: row.symbol,
    kind: KINDS[row.kind],
    side: row.positionSide === 'BOTH' ? (row.side === 'SELL' ? 'LONG' : 'SHORT') : row.positionSide,
    quantity: row.quantity?.toString(),
    // A trailing stop has no fixed trigger: the price it filled at says where it fired.
    triggerPrice: row.kind === 'TRAILING_STOP' ? fillPrice : row.triggerPrice?.toString(),
    orderId: row.algoId ?? row.clientAlgoId,
  };
}

@Injectable()
export class ProtectionMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProtectionMonitor');
  private readonly job = new RepeatingJob(() => this.checkAll());
  private readonly rotation: AccountPollRotation;

  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ProtectionRepository,
    private readonly queue: SymbolQueue,
    private readonly events: ProtectionEvents,
    private readonly resizer: ProtectionResizer,
    private readonly breakEven: BreakEvenMover,
    private readonly scopes: AccountScopes,
  ) {
    this.rotation = new AccountPollRotation(Math.floor(config.binanceWeightPerMinute * OTHER_ACCOUNTS_WEIGHT_SHARE));
  }

  onApplicationBootstrap(): void {
    if (this.config.protectionPollMs <= 0) return;
    this.job.start(this.config.protectionPollMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Checks every symbol with open protection (one pass at a time). */
  pollAll(): Promise<void> {
    return this.job.run();
  }

  /**
   * Each account with open protection, as that account (its adapter, AccountScopes), each symbol in
   * the account's own queue (the key its alerts use): one account that cannot be reached is skipped
   * for this pass, the others are still checked.
   */
  private async checkAll(): Promise<void> {
    try {
      const all = await this.repository.accountsWithOpenProtection();
      const others = all
        .filter((a) => a.accountId !== DEFAULT_ACCOUNT)
        .map((a) => ({ ...a, weight: a.symbols.length }))
        .sort((a, b) => a.accountId.localeCompare(b.accountId));
      // The default account on every pass (its stream reports fills at once too); the others in turns.
      const due = [...all.filter((a) => a.accountId === DEFAULT_ACCOUNT), ...this.rotation.pick(others)];
      for (const { accountId, symbols } of due) {
        await this.scopes
          .run(accountId, () => this.checkSymbols(accountId, symbols))
          .catch((error: Error) =>
            this.logger.warn(`protection check of account ${accountId} failed: ${error.message}`),
          );
      }
    } catch (error) {
      this.logger.warn(`protection check failed: ${(error as Error).message}`);
    }
  }

  private async checkSymbols(accountId: string, symbols: string[]): Promise<void> {
    const on = accountId === DEFAULT_ACCOUNT ? '' : ` on account ${accountId}`;
    for (const symbol of symbols) {
      await this.queue
        .run(queueKey(accountId, symbol), () => this.check(symbol))
        .catch((error: Error) => this.logger.warn(`protection check of ${symbol}${on} failed: ${error.message}`));
    }
  }

  /**
   * The symbol's protection, on the account being run (account-context.ts), as the exchange has it now.
   * Call inside the account's queue for the symbol.
   */
  async check(symbol: string): Promise<void> {
    const rows = await this.repository.open(symbol, currentAccountId());
    if (rows.length === 0) return;
    const open = new Map((await this.exchange.openConditionalOrders(symbol)).map((o) => [o.clientAlgoId, o]));
    const updates: Array<{ row: ProtectiveOrderRow; order?: ConditionalOrder }> = [];
    for (const row of rows) {
      const live = open.get(row.clientAlgoId);
      if (live && live.status === row.status) continue;
      updates.push({ row, order: live ?? (await this.exchange.findConditionalOrder(symbol, row.clientAlgoId)) });
    }
    await this.handleUpdate(symbol, rows, updates);
  }

  /** Records what changed, then acts on it: break-even after a take profit, cleanup once the side is flat. */
  async handleUpdate(
    symbol: string,
    rows: ProtectiveOrderRow[],
    updates: Array<{ row: ProtectiveOrderRow; order?: ConditionalOrder }>,
  ): Promise<void> {
    const changed: Array<{ row: ProtectiveOrderRow; status: ProtectionStatus }> = [];
    for (const { row, order } of updates) {
      const status: ProtectionStatus = order ? protectionStatus(order) : 'EXPIRED';
      if (status === row.status) continue;
      const filled = status === 'FINISHED';
      const fillPrice = order?.actualPrice && order.actualPrice.gt(0) ? order.actualPrice.toString() : undefined;
      // Fired (filled, or triggered and waiting to fill): the trader hears of it once.
      const fired = (filled || status === 'TRIGGERED') && row.status !== 'TRIGGERED';
      await this.repository.update(
        row.clientAlgoId,
        {
          status,
          triggeredAt: order?.triggerTime ? new Date(order.triggerTime) : undefined,
          filledAt: filled ? new Date(order?.updateTime || Date.now()) : undefined,
          fillPrice: filled ? fillPrice : undefined,
          actualOrderId: order?.actualOrderId,
          response: order?.raw,
          note: order ? undefined : 'No longer on the exchange',
        },
        fired ? triggeredEvent(row, fillPrice) : undefined,
      );
      changed.push({ row, status });
      const type = filled
        ? 'protection.filled'
        : status === 'TRIGGERED'
          ? 'protection.triggered'
          : 'protection.cancelled';
      this.emit(type, row, status, { fillPrice });
    }
    const stillOpen = rows.filter((r) => !changed.some((c) => c.row.clientAlgoId === r.clientAlgoId));
    for (const positionSide of new Set(changed.map((c) => c.row.positionSide))) {
      const side = changed.filter((c) => c.row.positionSide === positionSide);
      if (!side.some((c) => c.status === 'FINISHED')) continue;
      const open = stillOpen.filter((r) => r.positionSide === positionSide);
      if (await this.isFlat(symbol, positionSide)) {
        await this.cancelLeft(open, 'The position is closed');
        continue;
      }
      const takeProfitFilled = side.some((c) => c.status === 'FINISHED' && c.row.kind === 'TAKE_PROFIT');
      // A trailing stop sized for the whole position would now be larger than it.
      if (takeProfitFilled && open.some((r) => r.kind === 'TRAILING_STOP')) {
        await this.resizer.replaceForPosition(symbol, positionSide);
      }
    }
    // Due while a take profit of the stop's signal filled: a move that failed is tried again at the next check.
    if (rows.some((r) => r.kind === 'STOP_LOSS' && r.breakEven)) {
      await this.breakEven.moveDue(await this.repository.open(symbol, currentAccountId()));
    }
  }

  private async isFlat(symbol: string, positionSide: string): Promise<boolean> {
    const { positions } = await this.exchange.positions(symbol);
    return !positions.some((p) => p.positionSide === positionSide);
  }

  private async cancelLeft(rows: ProtectiveOrderRow[], why: string): Promise<void> {
    for (const row of rows) {
      try {
        await this.exchange.cancelConditionalOrder(row.symbol, row.algoId!);
      } catch (error) {
        // Gone already (-2011 unknown order, -2013): its own fate is read at the next check.
        if (error instanceof ExchangeError && (error.code === -2011 || error.code === -2013)) continue;
        throw error;
      }
      await this.repository.update(row.clientAlgoId, { status: 'CANCELED', note: `${why}: cancelled` });
      this.emit('protection.cancelled', row, 'CANCELED', { note: why });
    }
  }

  private emit(
    type: ProtectionEvent['type'],
    row: ProtectiveOrderRow,
    status: ProtectionStatus,
    extra: Partial<ProtectionEvent>,
  ) {
    this.events.emit({
      type,
      signalId: row.signalId,
      symbol: row.symbol,
      positionSide: row.positionSide,
      kind: row.kind,
      level: row.level ?? undefined,
      clientAlgoId: row.clientAlgoId,
      status,
      triggerPrice: row.triggerPrice?.toString(),
      quantity: row.quantity?.toString(),
      at: new Date(),
      ...extra,
    });
  }
}
