/**
 * PUT /api/admin/notifications/settings: each field optional; null forgets a
 * saved value (back to the environment's).
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DISCORD_WEBHOOK_PATH, TELEGRAM_CHAT_ID, TELEGRAM_TOKEN } from '../../config/notification-config';
import { EVENT_TYPES } from '../notification-events';

const SWITCHES_DESCRIPTION = `Event switches, e.g. {"signal.duplicate": true}. Events: ${EVENT_TYPES.join(', ')}`;

export class TelegramSettingsDto {
  @ApiPropertyOptional({ description: 'Send to Telegram (when a bot token and chat id are known)' })
  @IsOptional()
  @IsBoolean({ message: 'telegram.enabled must be true or false' })
  enabled?: boolean;

  // Messages never echo the value: a token must not reach a log or an answer.
  @ApiPropertyOptional({
    description: 'Bot token from @BotFather (stored encrypted, never returned)',
    example: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0',
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(TELEGRAM_TOKEN, { message: 'telegram.bot_token must be a bot token from @BotFather, like 123456789:AAH…' })
  bot_token?: string | null;

  @ApiPropertyOptional({
    description: "Chat id (groups and channels are negative) or a public channel's @username",
    example: '-1001234567890',
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(TELEGRAM_CHAT_ID, { message: 'telegram.chat_id must be a numeric chat id or an @username' })
  chat_id?: string | null;

  @ApiPropertyOptional({ description: SWITCHES_DESCRIPTION, example: { 'signal.duplicate': true } })
  @IsOptional()
  @IsObject({ message: 'telegram.events must be an object of event: true|false' })
  events?: Record<string, boolean>;
}

export class DiscordSettingsDto {
  @ApiPropertyOptional({ description: 'Send to Discord (when a webhook URL is known)' })
  @IsOptional()
  @IsBoolean({ message: 'discord.enabled must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({
    description: 'Discord webhook URL (stored encrypted: it holds the webhook token; returned masked)',
    example: 'https://discord.com/api/webhooks/1234567890/abcdefghijklmnopqrstuvwxyz',
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'discord.webhook_url must be a Discord webhook URL' })
  @MaxLength(500, { message: 'discord.webhook_url must be a Discord webhook URL' })
  @Matches(/^https?:\/\//, { message: 'discord.webhook_url must be a Discord webhook URL' })
  webhook_url?: string | null;

  @ApiPropertyOptional({ description: SWITCHES_DESCRIPTION })
  @IsOptional()
  @IsObject({ message: 'discord.events must be an object of event: true|false' })
  events?: Record<string, boolean>;
}

export class WebhookSettingsDto {
  @ApiPropertyOptional({ description: 'Send to the signed JSON webhook (when a URL and a secret are known)' })
  @IsOptional()
  @IsBoolean({ message: 'webhook.enabled must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({
    description: 'Receiver URL (http or https)',
    example: 'https://example.com/tvbridge-events',
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'webhook.url must be an http(s) URL' })
  @MaxLength(500, { message: 'webhook.url must be an http(s) URL' })
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'webhook.url must be an http(s) URL' })
  url?: string | null;

  @ApiPropertyOptional({
    description: 'HMAC-SHA256 signing secret, at least 16 characters (stored encrypted, never returned)',
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'webhook.secret must be 16 to 256 characters' })
  @MinLength(16, { message: 'webhook.secret must be 16 to 256 characters' })
  @MaxLength(256, { message: 'webhook.secret must be 16 to 256 characters' })
  secret?: string | null;

  @ApiPropertyOptional({ description: SWITCHES_DESCRIPTION })
  @IsOptional()
  @IsObject({ message: 'webhook.events must be an object of event: true|false' })
  events?: Record<string, boolean>;
}

export class NotificationSettingsDto {
  @ApiPropertyOptional({ type: TelegramSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TelegramSettingsDto)
  telegram?: TelegramSettingsDto;

  @ApiPropertyOptional({ type: DiscordSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DiscordSettingsDto)
  discord?: DiscordSettingsDto;

  @ApiPropertyOptional({ type: WebhookSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookSettingsDto)
  webhook?: WebhookSettingsDto;
}

/** Discord's own URL shape, checked beyond the DTO's http(s) test. */
export function isDiscordWebhookUrl(url: string): boolean {
  try {
    return DISCORD_WEBHOOK_PATH.test(new URL(url).pathname);
  } catch {
    return false;
  }
}
