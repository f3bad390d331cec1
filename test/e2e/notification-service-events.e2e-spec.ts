/**
 * The service's own events: the exchange unreachable, rate limited and
 * Postgres down, each reported once when it starts and once when it ends;
 * and the daily summary, written once whatever the number of instances.
 */
import { Client } from 'pg';
import { PG_POOL } from '../../src/database/database.module';
import { AccountEventsService } from '../../src/account-events/account-events.service';
import { PeriodFiguresRepository } from '../../src/journal/period-figures.repository';
import { SignalJournal } from '../../src/journal/signal-journal';
import { DailySummaryService } from '../../src/notifications/daily-summary/daily-summary.service';
import { NotificationDispatcher } from '../../src/notifications/outbox/notification-dispatcher';
import { ServiceConditionMonitor } from '../../src/notifications/service-conditions/service-condition-monitor';
import { APP_CONFIG } from '../../src/config/app-config.module';
import { systemClock } from '../../src/notifications/notification-clock';
import { FakeNotifiers, startFakeNotifiers } from '../fake-notify/notify-harness';
import { query } from '../support/test-database';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';

describe('service and summary notifications', () => {
  let n: FakeNotifiers;
  let t: TradingTestApp;

  beforeAll(async () => {
    n = await startFakeNotifiers();
    const hour = String(new Date().getUTCHours());
    t = await createTradingApp(
      { ...n.env, EXCHANGE_PAUSE_MAX_MS: '1000', NOTIFY_DAILY_SUMMARY_HOUR: hour },
      'notify_service',
    );
  });
  afterAll(async () => {
    await t.close();
    await n.stop();
  });

  const events = async (type: string) =>
    (
      await query<{ payload: { condition: string } }>(
        t.db.url,
        'SELECT payload FROM "NotificationEvent" WHERE type = $1',
        [type],
      )
    ).map((e) => e.payload.condition);

  async function checkUntil(monitor: ServiceConditionMonitor, type: string, tries = 10): Promise<void> {
    for (let i = 0; i < tries; i++) if ((await monitor.check()).some((e) => e.type === type)) return;
    throw new Error(`no ${type} after ${tries} checks`);
  }

  it('reports the exchange unreachable after two failed checks, then its recovery, once each', async () => {
    const monitor = t.app.get(ServiceConditionMonitor);
    expect(await monitor.check()).toEqual([]);
    t.fake.fail({ path: '/fapi/v1/time', count: 4, drop: true });
    await checkUntil(monitor, 'service.degraded');
    await checkUntil(monitor, 'service.recovered');
    expect(await events('service.degraded')).toEqual(['exchange']);
    expect(await events('service.recovered')).toEqual(['exchange']);
  });

  it("reports Binance's rate limit (the client's pause) and its end", async () => {
    const monitor = t.app.get(ServiceConditionMonitor);
    t.fake.fail({ path: '/fapi/v1/time', count: 1, status: 429, code: -1003, msg: 'Too many requests' });
    const [paused] = await monitor.check();
    expect(paused).toMatchObject({ type: 'service.degraded', payload: { condition: 'rate-limited' } });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // EXCHANGE_PAUSE_MAX_MS
    await checkUntil(monitor, 'service.recovered');
    expect(await events('service.degraded')).toEqual(['exchange', 'rate-limited']);
  });

  it('reports Postgres down once it can be written, with the recovery', async () => {
    const monitor = t.app.get(ServiceConditionMonitor);
    const admin = new Client({ connectionString: t.db.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [t.db.name]);
      await checkUntil(monitor, 'service.degraded');
    } finally {
      await admin.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await checkUntil(monitor, 'service.recovered');
    expect(await events('service.degraded')).toEqual(['exchange', 'rate-limited', 'database']);
    expect(await events('service.recovered')).toEqual(['exchange', 'rate-limited', 'database']);
  });

  it('writes the daily summary once, whatever the number of instances', async () => {
    t.fake.engine.setPrice('BTCUSDT', '50000');
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'NOPEUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(400);
    await t.app.get(SignalJournal).settled();
    // The buy's fill, recorded from the account stream (its fee is the day's fees).
    for (let waited = 0; waited < 10_000; waited += 100) {
      const [{ n: fills }] = await query<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM "AccountEvent"`);
      if (fills !== '0') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The summary covers the 24 hours before this hour: move the signals and fills into that window.
    await query(t.db.url, `UPDATE "Signal" SET "receivedAt" = "receivedAt" - interval '2 hours'`);
    await query(t.db.url, `UPDATE "ExchangeOrder" SET "createdAt" = "createdAt" - interval '2 hours'`);
    // (AccountEvent is append-only: its guard is lifted for this move into the past only.)
    await query(
      t.db.url,
      `ALTER TABLE "AccountEvent" DISABLE TRIGGER USER;
       UPDATE "AccountEvent" SET "occurredAt" = "occurredAt" - interval '2 hours';
       ALTER TABLE "AccountEvent" ENABLE TRIGGER USER;`,
    );

    const first = t.app.get(DailySummaryService);
    const other = new DailySummaryService(
      t.app.get(PG_POOL),
      t.app.get(APP_CONFIG),
      systemClock,
      t.app.get(PeriodFiguresRepository),
      t.app.get(AccountEventsService),
    );
    const written = await Promise.all([first.writeIfDue(), other.writeIfDue()]);
    expect(written.filter(Boolean)).toHaveLength(1);
    expect(await first.writeIfDue()).toBeUndefined();
    const [summary] = await query<{ payload: Record<string, unknown> }>(
      t.db.url,
      `SELECT payload FROM "NotificationEvent" WHERE type = 'summary.daily'`,
    );
    expect(summary.payload).toMatchObject({
      signalsByStatus: { EXECUTED: 1, REJECTED: 1 },
      executedOrders: 1,
      tradedValue: '5000.000000000000000000',
      // From the account events: an opening fill realizes nothing and pays the taker fee (0.05% of 5000).
      realizedPnl: '0',
      fees: '2.5',
      funding: '0',
    });
    expect(summary.payload.winRate).toBeUndefined();
  });

  it('delivers each of these once', async () => {
    const dispatcher = t.app.get(NotificationDispatcher);
    // Six service events, the summary, and the two signals of the summary's test (executed, refused).
    // Discord's bucket (5 messages, then wait 1 s) holds the rest back for a second: real time here.
    for (let i = 0; i < 20 && (n.telegram.accepted.length < 9 || n.discord.accepted.length < 9); i++) {
      await dispatcher.tick();
      if (n.discord.accepted.length < 9) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const titles = n.telegram.texts.map((text) => /<b>([^<]+)<\/b>/.exec(text)?.[1]);
    for (const title of [
      'Degraded: Exchange unreachable',
      'Recovered: Exchange unreachable',
      'Degraded: Exchange rate limit',
      'Recovered: Exchange rate limit',
      'Degraded: Database unreachable',
      'Recovered: Database unreachable',
    ]) {
      expect(titles.filter((t) => t === title)).toHaveLength(1);
    }
    expect(titles.filter((t) => t?.startsWith('Daily summary'))).toHaveLength(1);
    expect(n.telegram.texts.find((text) => text.includes('Daily summary'))).toContain(
      'Signals: <b>1 executed, 1 rejected</b>',
    );
    expect(n.telegram.accepted).toHaveLength(9);
    expect(n.discord.accepted).toHaveLength(9);
    expect(n.webhook.accepted).toHaveLength(9);
  });
});
