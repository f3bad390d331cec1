/**
 * position.liquidated from the account events: a liquidation or an
 * auto-deleverage (ADL) that Binance reports as the fills of its own closing
 * order. The feed announces each recorded fill once across instances; the
 * notice's id is the order's, so the several fills of one liquidation make
 * one message (the first fill's quantity and price, the order's realized
 * PnL so far).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { Subscription } from 'rxjs';
import { AccountEventsFeed } from '../../account-events/account-events.feed';
import type { RecordedAccountEvent } from '../../account-events/account-events.repository';
import { PG_POOL } from '../../database/database.module';
import { notificationEvent, NotificationEventRecord } from '../notification-events';
import { OutboxWriter } from '../outbox/outbox-writer';

/** The notice for a liquidation or ADL fill; undefined for any other event (pure). */
export function liquidationNotice(event: RecordedAccountEvent): NotificationEventRecord | undefined {
  if (event.kind !== 'LIQUIDATION' && event.kind !== 'ADL') return undefined;
  if (!event.symbol || !event.quantity || !event.price) return undefined;
  // The closing order's side says the position's: a SELL closes a long.
  const side =
    event.positionSide && event.positionSide !== 'BOTH' ? event.positionSide : event.side === 'SELL' ? 'LONG' : 'SHORT';
  return notificationEvent(
    `${event.account}:${event.orderId ?? event.eventKey}:position.liquidated`,
    'position.liquidated',
    {
      symbol: event.symbol,
      side,
      quantity: event.quantity.toFixed(),
      price: event.price.toFixed(),
      adl: event.kind === 'ADL' || undefined,
      realizedPnl: event.realizedPnl ? event.realizedPnl.toFixed() : undefined,
    },
    event.occurredAt,
  );
}

@Injectable()
export class LiquidationNotices implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly writer: OutboxWriter;
  private subscription?: Subscription;
  private readonly writing = new Set<Promise<unknown>>();

  constructor(
    @Inject(PG_POOL) pool: Pool,
    private readonly feed: AccountEventsFeed,
  ) {
    this.writer = new OutboxWriter(pool);
  }

  onApplicationBootstrap(): void {
    this.subscription = this.feed.events$.subscribe((event) => {
      const notice = liquidationNotice(event);
      if (!notice) return;
      const write = this.writer
        .write([notice])
        .catch((error: Error) => this.logger.error(`liquidation of ${event.symbol} not notified: ${error.message}`));
      this.writing.add(write);
      void write.finally(() => this.writing.delete(write));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await Promise.all(this.writing);
  }
}
