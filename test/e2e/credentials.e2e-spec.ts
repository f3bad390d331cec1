/**
 * /api/binance/config: credentials checked against the exchange (the fake),
 * stored encrypted, masked when shown, switched to without a restart, and
 * never found in plain text in the database or the log.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createApp } from '../../src/app-factory';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { startFakeBinance } from '../support/exchange-harness';
import { orderRequestsTo } from '../support/fake-state';
import { everyTableText } from '../support/records';
import { createTestApp, TestApp } from '../support/test-app';
import { query } from '../support/test-database';

const TOKEN = 'test-admin-token-0123456789';
const KEY = 'AbCdEfGh12345678ZyXwVuTs';
const SECRET = 'the-real-binance-secret-9f8e7d6c';
const ENCRYPTION_KEY = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';

describe('Binance credentials endpoint', () => {
  let fake: FakeBinanceServer;
  let t: TestApp;
  const call = (method: 'get' | 'post' | 'delete', body?: object) => {
    const req = t.http[method]('/api/binance/config').set('Authorization', `Bearer ${TOKEN}`);
    return body ? req.send(body) : req;
  };

  beforeAll(async () => {
    fake = await startFakeBinance({ apiKey: KEY, apiSecret: SECRET });
    t = await createTestApp(
      { ADMIN_TOKEN: TOKEN, BINANCE_FUTURES_URL: fake.url, CONFIG_ENCRYPTION_KEY: ENCRYPTION_KEY, LOG_LEVEL: 'debug' },
      'creds',
    );
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('starts on the environment (paper mode)', async () => {
    const res = await call('get').expect(200);
    expect(res.body).toMatchObject({ source: 'environment', mode: 'paper', api_key: null });
  });

  it('refuses keys Binance does not accept (400 with the code and a suggestion), and stores nothing', async () => {
    const res = await call('post', {
      api_key: 'WrongKey12345678',
      api_secret: 'wrong-secret-123',
      mode: 'live',
    }).expect(400);
    expect(res.body).toMatchObject({ success: false, code: -2015 });
    expect(res.body.error).toMatch(/Code -2015/);
    expect(res.body.suggestions.length).toBeGreaterThan(0);
    expect(await query(t.db.url, 'SELECT 1 FROM "Account" WHERE "apiKey" IS NOT NULL')).toHaveLength(0);
    const wrongSecret = await call('post', { api_key: KEY, api_secret: 'not-the-secret-x', mode: 'live' }).expect(400);
    expect(wrongSecret.body.code).toBe(-1022);
  });

  it('validates the body without echoing the secret', async () => {
    const res = await call('post', { api_key: KEY, api_secret: 'short', mode: 'demo' }).expect(400);
    expect(JSON.stringify(res.body)).not.toContain('short"');
  });

  it('checks good keys, stores the secret encrypted, masks the key and switches trading to them at once', async () => {
    const res = await call('post', { api_key: KEY, api_secret: SECRET, mode: 'live' }).expect(200);
    expect(res.body).toMatchObject({
      success: true,
      mode: 'live',
      api_key: 'AbCd****************VuTs',
      last_check_ok: true,
      source: 'stored',
    });
    const shown = await call('get').expect(200);
    expect(shown.body).toMatchObject({
      source: 'stored',
      mode: 'live',
      api_key: 'AbCd****************VuTs',
      last_check_ok: true,
    });
    expect(JSON.stringify(shown.body)).not.toContain(SECRET);

    const [row] = await query<{ secretCiphertext: string; apiKey: string }>(
      t.db.url,
      'SELECT * FROM "Account" WHERE id = \'default\'',
    );
    expect(row.secretCiphertext).not.toContain(SECRET);
    expect(Buffer.from(row.secretCiphertext, 'base64').toString('latin1')).not.toContain(SECRET);

    // No restart: the next signal trades on the fake Binance with the new keys.
    const trade = await t.http
      .post('/api/binance/advanced-trading-webhook')
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(trade.body.trade.price_source).toBe('exchange');
    expect(orderRequestsTo(fake)).toHaveLength(1);
    const health = await t.http.get('/api/health').expect(200);
    expect(health.body.details.exchange).toMatchObject({ mode: 'live', credentials: 'stored' });
  });

  it('never has the secret in plain text in any table or in the log file', async () => {
    expect(await everyTableText(t.db.url)).not.toContain(SECRET);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(t.logFile, 'utf8')).not.toContain(SECRET);
  });

  it('refuses, at the next start, stored credentials whose GCM tag was cut to 4 bytes', async () => {
    const [row] = await query<{ secretTag: string }>(
      t.db.url,
      'SELECT "secretTag" FROM "Account" WHERE id = \'default\'',
    );
    const cut = Buffer.from(row.secretTag, 'base64').subarray(0, 4).toString('base64');
    await query(t.db.url, 'UPDATE "Account" SET "secretTag" = $1 WHERE id = \'default\'', [cut]);
    const restarted = await createApp({ ...t.env });
    await restarted.init();
    try {
      const shown = await request(restarted.getHttpServer())
        .get('/api/binance/config')
        .set('Authorization', `Bearer ${TOKEN}`)
        .expect(200);
      expect(shown.body).toMatchObject({ source: 'environment', stored_credentials_unused: true });
    } finally {
      await restarted.close();
      await query(t.db.url, 'UPDATE "Account" SET "secretTag" = $1 WHERE id = \'default\'', [row.secretTag]);
    }
  });

  it('returns to the environment settings on DELETE', async () => {
    const res = await call('delete').expect(200);
    expect(res.body).toMatchObject({ success: true, removed: true, source: 'environment', mode: 'paper' });
    expect((await call('get').expect(200)).body.source).toBe('environment');
    await t.http
      .post('/api/binance/advanced-trading-webhook')
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(orderRequestsTo(fake)).toHaveLength(1);
  });
});

describe('Binance credentials endpoint without CONFIG_ENCRYPTION_KEY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_TOKEN: TOKEN }, 'credsnokey');
  });
  afterAll(() => t.close());

  it('answers 503 and says why', async () => {
    const res = await t.http
      .post('/api/binance/config')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ api_key: KEY, api_secret: SECRET, mode: 'testnet' })
      .expect(503);
    expect(res.body.message).toMatch(/CONFIG_ENCRYPTION_KEY is not set/);
  });
});
