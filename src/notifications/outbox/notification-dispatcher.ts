/**
 * Delivers the outbox, off every request's path: every NOTIFY_POLL_MS it
 * splits new events into per-channel deliveries and sends the due ones, one
 * channel's messages in order, channels side by side. Failures retry with
 * exponential backoff (and never before a channel's own retry_after); a
 * message still undelivered after NOTIFY_GIVE_UP_AFTER_MS is marked FAILED.
 * Several instances share the work through row leases; a restart resumes
 * from the table.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { PG_POOL } from '../../database/database.module';
import { SECRET_REDACTOR } from '../../logging/logging.module';
import { SecretRedactor } from '../../logging/secret-redactor';
import { ChannelSenders } from '../channels/channel-senders';
import { SEND_TIMEOUT_MS, type OutgoingMessage } from '../channels/notification-channel';
import { messageText } from '../message-texts';
import { NOTIFICATION_CLOCK, NotificationClock } from '../notification-clock';
import type { ChannelName } from '../notification-events';
import { channelsFor, NotificationSettings } from '../settings/notification-settings';
import { NotificationSettingsService } from '../settings/notification-settings.service';
import { ACCOUNT_STREAM, type AccountStream } from '../../exchange/streams/account-stream.port';
import { settleClosedPnl } from '../trade-results/closed-pnl';
import { DeliveryStore, LeasedDelivery } from './delivery-store';
import { retryDelayMs } from './retry-schedule';

/** Longer than one send can take (its timeout), so a live sender never loses its lease. */
const LEASE_MS = SEND_TIMEOUT_MS * 6;
const BATCH = 25;

export const CHANNEL_SENDERS = Symbol('CHANNEL_SENDERS');

@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private readonly store: DeliveryStore;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    @Inject(NOTIFICATION_CLOCK) private readonly clock: NotificationClock,
    @Inject(CHANNEL_SENDERS) private readonly senders: ChannelSenders,
    private readonly settings: NotificationSettingsService,
    @Inject(ACCOUNT_STREAM) private readonly stream: AccountStream,
  ) {
    this.store = new DeliveryStore(pool);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick().catch(() => undefined), this.config.notifications.pollMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One round: split new events, send what is due. Returns how many deliveries were attempted. */
  tick(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    this.running ??= this.round()
      .catch((error: Error) => {
        // Postgres down: the events wait in the outbox (or the pending file) and go out when it is back.
        this.logger.warn(`notification round skipped: ${this.redactor.redactString(error.message.split('\n')[0])}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<number> {
    const settings = await this.settings.current();
    // A position.closed waits (briefly, while the account stream brings fills) so that it can say the realized PnL.
    const held = await settleClosedPnl(this.pool, this.clock.now(), this.stream.health().connected);
    await this.store.fanOut((type) => channelsFor(settings, type), this.clock.now(), 100, held);
    const leased = await this.store.lease(this.clock.now(), LEASE_MS, BATCH);
    const byChannel = new Map<ChannelName, LeasedDelivery[]>();
    for (const d of leased) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), d]);
    await Promise.all(
      [...byChannel.entries()].map(([channel, deliveries]) => this.sendInOrder(channel, deliveries, settings)),
    );
    return leased.length;
  }

  private async sendInOrder(
    channel: ChannelName,
    deliveries: LeasedDelivery[],
    settings: NotificationSettings,
  ): Promise<void> {
    for (const [index, d] of deliveries.entries()) {
      const result = await this.senders.send(channel, toMessage(d), settings);
      const now = this.clock.now();
      if (result.delivered) {
        await this.store.delivered(d, now);
        if (result.pauseMs) {
          await this.pauseAndReturn(channel, deliveries.slice(index + 1), new Date(now.getTime() + result.pauseMs));
          return;
        }
        continue;
      }
      const error = this.redactor.redactString(result.error);
      const retryAt = new Date(
        now.getTime() +
          retryDelayMs(
            d.attempts,
            { baseMs: this.config.notifications.retryBaseMs, maxMs: this.config.notifications.retryMaxMs },
            result.retryAfterMs,
          ),
      );
      const tooOld = retryAt.getTime() - d.occurredAt.getTime() > this.config.notifications.giveUpAfterMs;
      if (!result.retryable || tooOld) {
        await this.store.failed(d, error);
        this.logger.error(`notification ${d.eventId} to ${channel} failed after ${d.attempts} attempt(s): ${error}`);
        continue;
      }
      await this.store.retryAt(d, retryAt, error);
      this.logger.warn(`notification ${d.eventId} to ${channel}: ${error}; retry at ${retryAt.toISOString()}`);
      // The channel is down or asked us to wait: the rest of its messages wait too, in order.
      await this.pauseAndReturn(channel, deliveries.slice(index + 1), retryAt);
      return;
    }
  }

  private async pauseAndReturn(channel: ChannelName, rest: LeasedDelivery[], until: Date): Promise<void> {
    await this.store.pauseChannel(channel, until);
    for (const d of rest) await this.store.retryAt(d, until, undefined, false);
  }
}

function toMessage(d: LeasedDelivery): OutgoingMessage {
  return {
    id: d.eventId,
    type: d.type,
    occurredAt: d.occurredAt.toISOString(),
    text: messageText(d.type, d.payload),
    data: d.payload,
  };
}
