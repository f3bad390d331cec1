/**
 * Postgres down while orders execute: each executed order's notification
 * travels with its records in the pending file, and once Postgres is back it
 * is written with them and delivered, once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { SignalJournal } from '../../src/journal/signal-journal';
import { NotificationDispatcher } from '../../src/notifications/outbox/notification-dispatcher';
import { FakeNotifiers, startFakeNotifiers } from '../fake-notify/notify-harness';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';

describe('notifications through a database outage', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tvbridge-notify-outage-'));
  const postgres = new EmbeddedPostgres({ dataDir: path.join(root, 'pg'), port: 0 });
  let port: number;
  let n: FakeNotifiers;
  let t: TradingTestApp;

  beforeAll(async () => {
    const server = await postgres.start();
    port = server.port;
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE outage');
    await admin.end();
    n = await startFakeNotifiers();
    t = await createTradingApp(
      { ...n.env, DATABASE_URL: server.url.replace(/\/postgres$/, '/outage') },
      'notify_outage',
    );
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await n.stop();
    await postgres.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('sends the notification of every order executed while Postgres was down, once, when it is back', async () => {
    const dispatcher = t.app.get(NotificationDispatcher);
    const journal = t.app.get(SignalJournal);
    await postgres.stop();

    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
    for (const symbol of symbols)
      await t.http.post(ADVANCED).send({ symbol, action: 'buy', balance_percentage: 0.02, leverage: 2 }).expect(200);
    await journal.settled();
    expect(await dispatcher.tick()).toBe(0); // the round fails quietly: nothing to read
    const pending = readFileSync(journal.pending.file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { notifications?: Array<{ type: string }> });
    expect(pending.flatMap((rows) => rows.notifications ?? []).map((e) => e.type)).toEqual([
      'signal.executed',
      'signal.executed',
      'signal.executed',
    ]);
    expect(n.telegram.accepted).toHaveLength(0);

    expect((await new EmbeddedPostgres({ dataDir: path.join(root, 'pg'), port }).start()).port).toBe(port);
    for (let attempt = 0; attempt < 20 && (await journal.flushPending()) > 0; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await journal.flushPending()).toBe(0);
    // A second replay of the same rows (a crash between writing and truncating the file) adds nothing.
    for (const rows of pending) await journal.pending.append(rows as never);
    expect(await journal.flushPending()).toBe(0);

    for (let i = 0; i < 10 && (await dispatcher.tick()) > 0; i++);
    expect(n.telegram.texts.map((text) => /<b>Long (\w+)<\/b>/.exec(text)?.[1]).sort()).toEqual([...symbols].sort());
    expect(n.discord.accepted).toHaveLength(3);
    expect(n.webhook.accepted).toHaveLength(3);
  });
});
