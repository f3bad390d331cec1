/**
 * POST /api/admin/notifications/test: a test message straight to each enabled
 * channel, answered with each channel's result, so a trader setting up a bot
 * sees at once whether the token, chat id or URL is right. Not an outbox
 * message: nothing to retry, the answer is the report.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { SecretRedactor } from '../logging/secret-redactor';
import { ChannelSenders } from './channels/channel-senders';
import { testMessageText } from './message-texts';
import { NOTIFICATION_CLOCK, NotificationClock } from './notification-clock';
import { ChannelName, CHANNELS } from './notification-events';
import { CHANNEL_SENDERS } from './outbox/notification-dispatcher';
import { NotificationSettingsService } from './settings/notification-settings.service';

export type TestResult = { status: 'sent' | 'disabled' | 'not_configured' } | { status: 'failed'; error: string };

@Injectable()
export class NotificationTester {
  constructor(
    private readonly settings: NotificationSettingsService,
    @Inject(CHANNEL_SENDERS) private readonly senders: ChannelSenders,
    @Inject(NOTIFICATION_CLOCK) private readonly clock: NotificationClock,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
  ) {}

  async sendTest() {
    const settings = await this.settings.current();
    const at = this.clock.now();
    const message = {
      id: `test-${randomUUID()}`,
      type: 'test' as const,
      occurredAt: at.toISOString(),
      text: testMessageText(at),
      data: { test: true },
    };
    const results = await Promise.all(
      CHANNELS.map(async (channel): Promise<readonly [ChannelName, TestResult]> => {
        if (!settings[channel].target) return [channel, { status: 'not_configured' }] as const;
        if (!settings[channel].enabled) return [channel, { status: 'disabled' }] as const;
        const result = await this.senders.send(channel, message, settings);
        return [
          channel,
          result.delivered ? { status: 'sent' } : { status: 'failed', error: this.redactor.redactString(result.error) },
        ] as const;
      }),
    );
    const channels = Object.fromEntries(results);
    const attempted = results.filter(([, r]) => r.status === 'sent' || r.status === 'failed');
    return { success: attempted.length > 0 && attempted.every(([, r]) => r.status === 'sent'), channels };
  }
}
