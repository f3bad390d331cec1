/** The three channels behind one call: send a message to a named channel under the settings in force. */
import type { ChannelName } from '../notification-events';
import type { NotificationSettings } from '../settings/notification-settings';
import { DiscordChannel } from './discord.channel';
import type { OutgoingMessage, SendResult } from './notification-channel';
import { SignedWebhookChannel } from './signed-webhook.channel';
import { TelegramChannel } from './telegram.channel';

export class ChannelSenders {
  constructor(
    private readonly telegram = new TelegramChannel(),
    private readonly discord = new DiscordChannel(),
    private readonly webhook = new SignedWebhookChannel(),
  ) {}

  async send(channel: ChannelName, message: OutgoingMessage, settings: NotificationSettings): Promise<SendResult> {
    const { enabled, target } = settings[channel];
    if (!target) return { delivered: false, retryable: false, error: `${channel} is no longer configured` };
    if (!enabled) return { delivered: false, retryable: false, error: `${channel} was switched off` };
    switch (channel) {
      case 'telegram':
        return this.telegram.send(message, settings.telegram.target!);
      case 'discord':
        return this.discord.send(message, settings.discord.target!);
      case 'webhook':
        return this.webhook.send(message, settings.webhook.target!);
    }
  }
}
