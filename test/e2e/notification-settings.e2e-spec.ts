/**
 * Channel settings through the admin API: saved encrypted (like the Binance
 * credentials), shown masked, used at once by the test route and the
 * dispatcher, event switches per channel; and a malformed channel setting in
 * the environment stops the service at boot with one line.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { FakeTelegram } from '../fake-notify/fake-telegram';
import { FakeDiscord } from '../fake-notify/fake-discord';
import { query } from '../support/test-database';
import { createTestApp, TestApp } from '../support/test-app';
import { NotificationDispatcher } from '../../src/notifications/outbox/notification-dispatcher';

/** A random key: made-up ones (a repeated byte) are refused at boot. */
const ENCRYPTION_KEY = '8d3f61c0a97e24b5f0c83e1a6d92b47e5c18f0a3d6b92e714c05a8f3e26db917';

const ROOT = path.resolve(__dirname, '../..');
const ADMIN = { Authorization: 'Bearer settings-admin-token-0123456789' };
const STORED_TOKEN = '987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9';

describe('notification settings through the admin API', () => {
  let telegram: FakeTelegram;
  let discord: FakeDiscord;
  let t: TestApp;
  let plain: TestApp;

  beforeAll(async () => {
    telegram = await new FakeTelegram(STORED_TOKEN, '@tvb_trades').start();
    discord = await new FakeDiscord().start();
    const common = {
      ADMIN_TOKEN: 'settings-admin-token-0123456789',
      TELEGRAM_API_URL: telegram.url,
      NOTIFY_POLL_MS: '600000',
    };
    t = await createTestApp(
      { ...common, CONFIG_ENCRYPTION_KEY: ENCRYPTION_KEY, DISCORD_WEBHOOK_URL: discord.webhookUrl },
      'notify_settings',
    );
    plain = await createTestApp(common, 'notify_nokey');
  });
  afterAll(async () => {
    await Promise.all([t.close(), plain.close()]);
    await Promise.all([telegram.stop(), discord.stop()]);
  });

  it('shows the environment’s channels, masked', async () => {
    const res = await t.http.get('/api/admin/notifications/settings').set(ADMIN).expect(200);
    expect(res.body.telegram).toMatchObject({ enabled: false, source: 'none', bot_token: null });
    expect(res.body.discord).toMatchObject({
      enabled: true,
      source: 'environment',
      webhook_url: expect.stringMatching(/\/api\/webhooks\/112233445566778899\/fake\*+mnop$/),
    });
    expect(res.body.discord.events).toMatchObject({ 'signal.executed': true, 'signal.duplicate': false });
    expect(JSON.stringify(res.body)).not.toContain(discord.token);
  });

  it('saves a Telegram bot encrypted, shows it masked and uses it at once', async () => {
    const saved = await t.http
      .put('/api/admin/notifications/settings')
      .set(ADMIN)
      .send({ telegram: { bot_token: STORED_TOKEN, chat_id: '@tvb_trades' } })
      .expect(200);
    expect(saved.body.telegram).toMatchObject({
      enabled: true,
      source: 'stored',
      bot_token: '9876****************saw9',
      chat_id: '@tvb_trades',
    });
    const [row] = await query<Record<string, unknown>>(t.db.url, 'SELECT * FROM "NotificationSettings"');
    expect(JSON.stringify(row)).not.toContain(STORED_TOKEN);
    expect(row.secretCiphertext).toEqual(expect.any(String));

    const res = await t.http.post('/api/admin/notifications/test').set(ADMIN).expect(200);
    expect(res.body).toEqual({
      success: true,
      channels: { telegram: { status: 'sent' }, discord: { status: 'sent' }, webhook: { status: 'not_configured' } },
    });
    expect(telegram.accepted).toHaveLength(1);
  });

  it('switches events per channel', async () => {
    await t.http
      .put('/api/admin/notifications/settings')
      .set(ADMIN)
      .send({ telegram: { events: { 'signal.duplicate': true } }, discord: { events: { 'signal.failed': false } } })
      .expect(200);
    const now = new Date();
    await query(
      t.db.url,
      `INSERT INTO "NotificationEvent" (id, type, payload, "occurredAt") VALUES
       ('a:signal.duplicate', 'signal.duplicate', '{"signalId":"a","symbol":"BTCUSDT"}', $1),
       ('b:signal.failed', 'signal.failed', '{"signalId":"b","reason":"x","suggestions":[]}', $1)`,
      [now],
    );
    await t.app.get(NotificationDispatcher).tick();
    const rows = await query<{ id: string }>(t.db.url, 'SELECT id FROM "NotificationDelivery" ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['a:signal.duplicate|telegram', 'b:signal.failed|telegram']);
  });

  it('refuses malformed values without echoing them, and unknown events', async () => {
    const bad = await t.http
      .put('/api/admin/notifications/settings')
      .set(ADMIN)
      .send({ telegram: { bot_token: 'oops-secret-value' } })
      .expect(400);
    expect(JSON.stringify(bad.body)).not.toContain('oops-secret-value');
    await t.http
      .put('/api/admin/notifications/settings')
      .set(ADMIN)
      .send({ discord: { webhook_url: 'https://discord.com/channels/1/2' } })
      .expect(400);
    await t.http
      .put('/api/admin/notifications/settings')
      .set(ADMIN)
      .send({ telegram: { events: { 'signal.everything': true } } })
      .expect(400);
    await t.http.put('/api/admin/notifications/settings').set(ADMIN).send({ slack: {} }).expect(400);
    await t.http.put('/api/admin/notifications/settings').send({}).expect(401);
  });

  it('needs CONFIG_ENCRYPTION_KEY to store a secret (503 saying so), not to switch events', async () => {
    const res = await plain.http
      .put('/api/admin/notifications/settings')
      .set(ADMIN)
      .send({ webhook: { url: 'https://example.com/h', secret: 'a-long-enough-secret' } })
      .expect(503);
    expect(res.body.message).toMatch(/^CONFIG_ENCRYPTION_KEY is not set/);
    await plain.http
      .put('/api/admin/notifications/settings')
      .set(ADMIN)
      .send({ telegram: { events: { 'signal.duplicate': true } } })
      .expect(200);
  });

  it('returns to the environment’s settings on DELETE', async () => {
    const res = await t.http.delete('/api/admin/notifications/settings').set(ADMIN).expect(200);
    expect(res.body).toMatchObject({
      success: true,
      removed: true,
      settings: { telegram: { enabled: false, source: 'none' }, discord: { source: 'environment' } },
    });
  });
});

describe('the service refuses a malformed channel setting', () => {
  it('exits with one line naming the variable', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LOG_FILE: '/dev/null', TELEGRAM_BOT_TOKEN: 'abc:def', TELEGRAM_CHAT_ID: '12345' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: TELEGRAM_BOT_TOKEN must be a bot token from @BotFather, ' +
        'like 123456789:AAH… (digits, a colon, 35 characters)',
    );
  });
});
