import { messageText } from '../message-texts';
import { discordEmbed } from './discord.channel';
import { webhookBody } from './signed-webhook.channel';
import { telegramHtml } from './telegram.channel';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature';

const executed = messageText('signal.executed', {
  signalId: 's',
  symbol: 'BTCUSDT',
  side: 'BUY',
  quantity: '0.05',
  averagePrice: '50000',
  leverage: 10,
  latencyMs: 182,
  reversal: false,
});

describe('message layouts', () => {
  it('Telegram: a bold title and short lines, HTML escaped', () => {
    expect(telegramHtml(executed)).toBe(
      '✅ <b>Long BTCUSDT</b>\nQuantity: <b>0.05</b>\nAvg price: <b>50000</b>\n' +
        'Leverage: <b>10x</b>\nLatency: <b>182 ms</b>',
    );
    const refused = messageText('signal.refused', {
      signalId: 's',
      symbol: '<b>X&Y',
      reason: 'Bad <input>',
      suggestions: ['Use 0.01 to 1.0'],
    });
    expect(telegramHtml(refused)).toBe(
      '⚠️ <b>Alert refused: &lt;b&gt;X&amp;Y</b>\n<i>Bad &lt;input&gt;\n• Use 0.01 to 1.0</i>',
    );
  });

  it('Discord: an embed with a colour, inline fields and the note as description', () => {
    expect(discordEmbed(executed, '2026-11-27T10:00:00.000Z')).toEqual({
      title: 'Long BTCUSDT',
      color: 0x2ecc71,
      fields: [
        { name: 'Quantity', value: '0.05', inline: true },
        { name: 'Avg price', value: '50000', inline: true },
        { name: 'Leverage', value: '10x', inline: true },
        { name: 'Latency', value: '182 ms', inline: true },
      ],
      timestamp: '2026-11-27T10:00:00.000Z',
    });
  });

  it('every event has a short title', () => {
    const texts = [
      messageText('protection.triggered', {
        symbol: 'ETHUSDT',
        kind: 'stop',
        side: 'SELL',
        quantity: '1',
        triggerPrice: '2400',
        orderId: '9',
      }),
      messageText('position.liquidated', { symbol: 'ETHUSDT', side: 'LONG', quantity: '1', price: '2100' }),
      messageText('service.degraded', { condition: 'exchange', detail: 'timeout', since: '2026-11-27T10:00:00.000Z' }),
      messageText('service.recovered', {
        condition: 'database',
        since: '2026-11-27T10:00:00.000Z',
        downForMs: 300_000,
      }),
      messageText('summary.daily', {
        from: '2026-11-26T21:00:00.000Z',
        to: '2026-11-27T21:00:00.000Z',
        signalsByStatus: { EXECUTED: 3, FAILED: 1 },
        executedOrders: 4,
        tradedValue: '12345.678',
        realizedPnl: '12.5',
        winRate: '66.7',
      }),
      messageText('signal.stale', { signalId: 's', symbol: 'BTCUSDT', ageMs: 600_000 }),
    ];
    expect(texts.map((t) => t.title)).toEqual([
      'Stop loss hit: ETHUSDT',
      'LIQUIDATED: ETHUSDT',
      'Degraded: Exchange unreachable',
      'Recovered: Database unreachable',
      'Daily summary 2026-11-27',
      'Stale alert ignored: BTCUSDT',
    ]);
    expect(texts[3].lines).toEqual([['Down for', '5 min']]);
    expect(texts[4].lines).toContainEqual(['Signals', '3 executed, 1 failed']);
    expect(texts[4].lines).toContainEqual(['Traded', '12345.68 USDT']);
    for (const t of texts) expect(t.title.length).toBeLessThanOrEqual(40);
  });
});

describe('signed webhook', () => {
  const secret = 'a-long-enough-secret';
  const body = webhookBody({
    id: 'e1',
    type: 'signal.executed',
    occurredAt: '2026-11-27T10:00:00.000Z',
    text: executed,
    data: { symbol: 'BTCUSDT' },
  });

  it('sends the event as JSON with a plain-text rendering', () => {
    expect(JSON.parse(body)).toEqual({
      id: 'e1',
      type: 'signal.executed',
      occurred_at: '2026-11-27T10:00:00.000Z',
      title: 'Long BTCUSDT',
      text: 'Long BTCUSDT\nQuantity: 0.05\nAvg price: 50000\nLeverage: 10x\nLatency: 182 ms',
      data: { symbol: 'BTCUSDT' },
    });
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256, verifiable by the receiver within the tolerance', () => {
    const now = 1_795_800_000_000;
    const ts = now / 1000;
    const signature = webhookSignature(secret, ts, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, { signature, timestamp: String(ts) }, body, now)).toBe(true);
    expect(verifyWebhookSignature('another-secret-value', { signature, timestamp: String(ts) }, body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, { signature, timestamp: String(ts) }, body.replace('0.05', '5'), now)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, { signature, timestamp: String(ts + 1) }, body, now)).toBe(false);
    // A captured request replayed six minutes later is refused.
    expect(verifyWebhookSignature(secret, { signature, timestamp: String(ts) }, body, now + 360_000)).toBe(false);
  });
});
