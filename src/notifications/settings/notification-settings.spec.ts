import { parseEnv } from '../../config/app-config';
import { channelsFor, maskedSettings, resolveSettings } from './notification-settings';

const env = parseEnv({
  TELEGRAM_BOT_TOKEN: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0',
  TELEGRAM_CHAT_ID: '-100123',
  DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1234567890123/abcdefghijklmnopqrstuvwxyz_ABCDEF-123',
}).notifications;

describe('notification settings', () => {
  it('enables configured channels with the default switches (duplicates and stale alerts off)', () => {
    const settings = resolveSettings(env);
    expect(channelsFor(settings, 'signal.executed')).toEqual(['telegram', 'discord']);
    expect(channelsFor(settings, 'signal.duplicate')).toEqual([]);
    expect(channelsFor(settings, 'signal.stale')).toEqual([]);
  });

  it('lets saved settings override the environment field by field, per channel and event', () => {
    const settings = resolveSettings(env, {
      options: {
        telegram: { chatId: '@mine', events: { 'signal.duplicate': true, 'signal.executed': false } },
        discord: { enabled: false },
        webhook: { url: 'https://example.com/h' },
      },
      secrets: { webhookSecret: 'stored-webhook-secret' },
    });
    expect(settings.telegram.target).toMatchObject({ chatId: '@mine', botToken: env.telegram!.botToken });
    expect(channelsFor(settings, 'signal.executed')).toEqual(['webhook']);
    expect(channelsFor(settings, 'signal.duplicate')).toEqual(['telegram']);
    expect(settings.discord.enabled).toBe(false);
  });

  it('masks every secret when shown', () => {
    const shown = JSON.stringify(
      maskedSettings(
        resolveSettings(env, {
          options: { webhook: { url: 'https://example.com/h' } },
          secrets: { webhookSecret: 'stored-webhook-secret' },
        }),
        { telegram: 'environment', discord: 'environment', webhook: 'stored' },
      ),
    );
    for (const secret of [
      'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0',
      'abcdefghijklmnopqrstuvwxyz_ABCDEF-123',
      'stored-webhook-secret',
    ])
      expect(shown).not.toContain(secret);
    expect(shown).toContain('https://discord.com/api/webhooks/1234567890123/abcd');
  });
});
