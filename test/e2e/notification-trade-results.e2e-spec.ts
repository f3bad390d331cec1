/**
 * The notifications of trade results, through the real dispatcher to the
 * local fake Telegram, Discord and webhook servers over HTTP: a position
 * closed with its realized PnL and fees, a liquidation and an auto-deleverage,
 * the daily summary with PnL, fees, funding and win rate, protection that
 * fired and protection that failed; then through the real flow, the PnL and
 * liquidations read from the account events. Each reaches each channel once, short and readable.
 */
import { NotificationEventRecord, notificationEvent } from '../../src/notifications/notification-events';
import { NotificationDispatcher } from '../../src/notifications/outbox/notification-dispatcher';
import { OutboxWriter } from '../../src/notifications/outbox/outbox-writer';
import { PG_POOL } from '../../src/database/database.module';
import { FakeNotifiers, startFakeNotifiers } from '../fake-notify/notify-harness';

const ADVANCED = '/api/binance/advanced-trading-webhook';
import { ACCOUNT_STREAM, type AccountStream } from '../../src/exchange/streams/account-stream.port';
import { SignalJournal } from '../../src/journal/signal-journal';
import { control } from '../support/exchange-harness';
import { eventually, pause } from '../support/stream-client';
import { createTestApp, createTradingApp, TestApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

describe('trade result notifications', () => {
  let n: FakeNotifiers;
  let t: TestApp;
  beforeAll(async () => {
    n = await startFakeNotifiers();
    t = await createTestApp(n.env, 'notify-results');
  });
  afterAll(async () => {
    await t.close();
    await n.stop();
  });

  async function deliver(events: NotificationEventRecord[]): Promise<void> {
    await new OutboxWriter(t.app.get(PG_POOL)).write(events);
    const dispatcher = t.app.get(NotificationDispatcher);
    // Until every delivery is done: Discord's bucket (5 per window) holds the sixth back for its reset.
    for (let i = 0; i < 100; i++) {
      await dispatcher.tick();
      const [{ left }] = await query<{ left: string }>(
        t.db.url,
        `SELECT count(*) AS left FROM "NotificationDelivery" WHERE status NOT IN ('DELIVERED', 'FAILED')`,
      );
      const [{ fresh }] = await query<{ fresh: string }>(
        t.db.url,
        'SELECT count(*) AS fresh FROM "NotificationEvent" WHERE "fannedOutAt" IS NULL',
      );
      if (left === '0' && fresh === '0') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('says each result on every channel once', async () => {
    let second = 0;
    // One second apart: the outbox sends in the order things happened.
    const next = () => new Date(Date.parse('2026-11-27T21:00:00.000Z') + 1000 * second++);
    await deliver([
      notificationEvent(
        'c1:position.closed',
        'position.closed',
        {
          signalId: 'c1',
          symbol: 'BTCUSDT',
          closed: [{ side: 'LONG', quantity: '0.1', averagePrice: '51000' }],
          realizedPnl: '100.00',
          fees: '2.04',
        },
        next(),
      ),
      notificationEvent(
        'l1:position.liquidated',
        'position.liquidated',
        { symbol: 'ETHUSDT', side: 'LONG', quantity: '1.5', price: '2100.5', realizedPnl: '-512.3' },
        next(),
      ),
      notificationEvent(
        'a1:position.liquidated',
        'position.liquidated',
        { symbol: 'SOLUSDT', side: 'SHORT', quantity: '10', price: '250', adl: true },
        next(),
      ),
      notificationEvent(
        'summary:2026-11-27',
        'summary.daily',
        {
          from: '2026-11-26T21:00:00.000Z',
          to: '2026-11-27T21:00:00.000Z',
          signalsByStatus: { EXECUTED: 4, FAILED: 1 },
          executedOrders: 6,
          tradedValue: '30500.5',
          realizedPnl: '-12.75',
          fees: '6.1',
          funding: '-0.42',
          winRate: '50',
        },
        next(),
      ),
      notificationEvent(
        'tvb_x_sl:protection.failed:break-even',
        'protection.failed',
        {
          symbol: 'BTCUSDT',
          side: 'LONG',
          what: 'break-even',
          reason: 'break-even 50050.1 refused (Order would immediately trigger.)',
          state: 'the stop stays at 49000',
          unprotected: false,
        },
        next(),
      ),
      notificationEvent(
        'tvb_x_tp1:protection.triggered',
        'protection.triggered',
        { symbol: 'BTCUSDT', kind: 'target', side: 'LONG', quantity: '0.1', triggerPrice: '51000', orderId: '77' },
        next(),
      ),
    ]);

    expect(n.telegram.texts).toEqual([
      '✅ <b>Closed BTCUSDT</b>\nLong: <b>0.1 @ 51000</b>\nRealized PnL: <b>100.00 USDT</b>\nFees: <b>2.04 USDT</b>',
      '❌ <b>LIQUIDATED: ETHUSDT</b>\nSide: <b>Long</b>\nQuantity: <b>1.5</b>\nPrice: <b>2100.5</b>\n' +
        'Realized PnL: <b>-512.3 USDT</b>',
      '❌ <b>AUTO-DELEVERAGED: SOLUSDT</b>\nSide: <b>Short</b>\nQuantity: <b>10</b>\nPrice: <b>250</b>',
      'ℹ️ <b>Daily summary 2026-11-27</b>\nRealized PnL: <b>-12.75 USDT</b>\nFees: <b>6.1 USDT</b>\n' +
        'Funding: <b>-0.42 USDT</b>\nWin rate: <b>50%</b>\nOrders filled: <b>6</b>\nTraded: <b>30500.5 USDT</b>\n' +
        'Signals: <b>1 failed, 4 executed</b>',
      '⚠️ <b>Protection failed: BTCUSDT</b>\nSide: <b>Long</b>\nWhat: <b>break-even</b>\n' +
        'Now: <b>the stop stays at 49000</b>\n<i>break-even 50050.1 refused (Order would immediately trigger.)</i>',
      '✅ <b>Take profit hit: BTCUSDT</b>\nSide: <b>Long</b>\nQuantity: <b>0.1</b>\nTrigger: <b>51000</b>',
    ]);
    expect(n.discord.embeds.map((e) => e.title)).toEqual([
      'Closed BTCUSDT',
      'LIQUIDATED: ETHUSDT',
      'AUTO-DELEVERAGED: SOLUSDT',
      'Daily summary 2026-11-27',
      'Protection failed: BTCUSDT',
      'Take profit hit: BTCUSDT',
    ]);
    expect(n.webhook.events.map((e) => [e.type, e.id])).toEqual([
      ['position.closed', 'c1:position.closed'],
      ['position.liquidated', 'l1:position.liquidated'],
      ['position.liquidated', 'a1:position.liquidated'],
      ['summary.daily', 'summary:2026-11-27'],
      ['protection.failed', 'tvb_x_sl:protection.failed:break-even'],
      ['protection.triggered', 'tvb_x_tp1:protection.triggered'],
    ]);
    // Written again (another instance, a retry): nothing is sent twice.
    await deliver([
      notificationEvent(
        'c1:position.closed',
        'position.closed',
        { signalId: 'c1', symbol: 'BTCUSDT', closed: [] },
        next(),
      ),
    ]);
    expect(n.telegram.texts).toHaveLength(6);
  });
});

describe('trade results from the account events (live against the fake, account stream on)', () => {
  let n: FakeNotifiers;
  let t: TradingTestApp;
  beforeAll(async () => {
    n = await startFakeNotifiers();
    t = await createTradingApp(n.env, 'notify-account-events');
    const stream = t.app.get<AccountStream>(ACCOUNT_STREAM);
    await eventually(() => stream.health().connected, 5000, 'stream connected');
  });
  afterAll(async () => {
    await t.close();
    await n.stop();
  });

  /** Runs the dispatcher until every message is out (a position.closed first waits for its fills). */
  async function deliverAll(): Promise<void> {
    await t.app.get(SignalJournal).settled();
    const dispatcher = t.app.get(NotificationDispatcher);
    for (let i = 0; i < 100; i++) {
      await dispatcher.tick();
      const [{ left }] = await query<{ left: string }>(
        t.db.url,
        `SELECT (SELECT count(*) FROM "NotificationEvent" WHERE "fannedOutAt" IS NULL)
              + (SELECT count(*) FROM "NotificationDelivery" WHERE status NOT IN ('DELIVERED', 'FAILED')) AS left`,
      );
      if (left === '0') return;
      await pause(100);
    }
  }

  it('a close says its realized PnL and fees, from the fills', async () => {
    t.fake.engine.setPrice('BTCUSDT', '50000');
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    t.fake.engine.setPrice('BTCUSDT', '51000');
    const close = await t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    await deliverAll();
    // 0.1 BTC bought at 50000, sold at 51000: +100 USDT; the closing fill's fee is 0.05% of 5100.
    const closed = n.telegram.texts.find((text) => text.includes('Closed BTCUSDT'));
    expect(closed).toBe(
      '✅ <b>Closed BTCUSDT</b>\nLong: <b>0.1 @ 51000</b>\nRealized PnL: <b>100 USDT</b>\nFees: <b>2.55 USDT</b>',
    );
    const [event] = await query<{ payload: Record<string, unknown> }>(
      t.db.url,
      'SELECT payload FROM "NotificationEvent" WHERE id = $1',
      [`${(close.body as { id: string }).id}:position.closed`],
    );
    expect(event.payload).toMatchObject({ realizedPnl: '100', fees: '2.55' });
  });

  it('a liquidation and an auto-deleverage are notified once each', async () => {
    t.fake.engine.setPrice('ETHUSDT', '2500');
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'ETHUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    t.fake.engine.setPrice('ETHUSDT', '2600');
    await control(t.fake, 'liquidate', { symbol: 'ETHUSDT' });
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    await control(t.fake, 'liquidate', { symbol: 'BTCUSDT', adl: true });
    for (let waited = 0; waited < 10_000; waited += 100) {
      const [{ notices }] = await query<{ notices: string }>(
        t.db.url,
        `SELECT count(*) AS notices FROM "NotificationEvent" WHERE type = 'position.liquidated'`,
      );
      if (notices === '2') break;
      await pause(100);
    }
    await deliverAll();
    const liquidated = n.telegram.texts.filter((text) => /LIQUIDATED|AUTO-DELEVERAGED/.test(text));
    // The short (sold at 2500) closed by Binance at 2600: a loss.
    expect(liquidated).toEqual([
      expect.stringMatching(
        new RegExp(
          '^❌ <b>LIQUIDATED: ETHUSDT</b>\\nSide: <b>Short</b>\\nQuantity: <b>[\\d.]+</b>\\n' +
            'Price: <b>2600</b>\\nRealized PnL: <b>-[\\d.]+ USDT</b>$',
        ),
      ),
      expect.stringMatching(/^❌ <b>AUTO-DELEVERAGED: BTCUSDT<\/b>\nSide: <b>Long<\/b>/),
    ]);
    expect(n.discord.embeds.filter((e) => /LIQUIDATED|AUTO-DELEVERAGED/.test(e.title))).toHaveLength(2);
  });
});
