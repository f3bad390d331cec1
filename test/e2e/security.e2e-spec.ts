/**
 * A public URL that moves money: the secret, the source allowlist, size and
 * rate limits, headers, no stack traces, secrets kept out of every log and
 * table, and at most one execution per intent.
 */
import { readFileSync } from 'node:fs';
import { orderRequestsTo } from '../support/fake-state';
import { allSettled, everyTableText, signalRow } from '../support/records';
import { createTestApp, createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.05, leverage: 5 };
const SECRET = 'hook-secret-5f4e3d2c1b';
const ADMIN = 'admin-token-9a8b7c6d5e4f';

describe('webhook security', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'debug' }, 'security');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  it('refuses a missing or wrong secret with 401, records it, and sends no order', async () => {
    const missing = await t.raw.post(ADVANCED).send(BUY).expect(401);
    expect(missing.body).toMatchObject({
      success: false,
      error: 'Unauthorized: the webhook secret is missing',
      webhook_data: BUY,
    });
    expect(missing.body.suggestions[0]).toMatch(/"secret"/);
    const wrong = await t.raw
      .post(ADVANCED)
      .send({ ...BUY, secret: 'guess-guess' })
      .expect(401);
    expect(wrong.body.error).toBe('Unauthorized: the webhook secret is wrong');
    expect(wrong.body.webhook_data.secret).toBe('[REDACTED]');
    await t.raw.post(`${ADVANCED}?token=nope-nope`).send(BUY).expect(401);
    expect(await signalRow(t.db.url, missing.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'UNAUTHORIZED',
      httpStatus: 401,
    });
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it('checks the secret before anything else: a stranger learns nothing about the input rules', async () => {
    const res = await t.raw.post(ADVANCED).set('Content-Type', 'text/plain').send('not even json').expect(401);
    expect(res.body.error).toMatch(/secret is missing/);
  });

  it('accepts the secret as "secret", as "passphrase" or as ?token=', async () => {
    await t.raw
      .post(ADVANCED)
      .send({ ...BUY, secret: SECRET })
      .expect(200);
    await t.raw
      .post(ADVANCED)
      .send({ ...BUY, passphrase: SECRET, balance_percentage: 0.06 })
      .expect(200);
    await t.raw
      .post(`/api/tradingview/binance/advanced-trading-webhook?token=${SECRET}`)
      .send({ ...BUY, balance_percentage: 0.07 })
      .expect(200);
    expect(orderRequestsTo(t.fake)).toHaveLength(3);
  });

  it('refuses bodies over 64 KB with 413 in the documented error shape, recorded', async () => {
    const res = await t.http
      .post(ADVANCED)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...BUY, padding: 'x'.repeat(70 * 1024) }))
      .expect(413);
    expect(res.body).toMatchObject({
      success: false,
      error: 'Payload too large: the alert message must be at most 64 KB',
    });
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'PAYLOAD_TOO_LARGE',
      httpStatus: 413,
    });
  });

  it('sends security headers, keeps CORS closed, and never answers with a stack trace or a path', async () => {
    const health = await t.http.get('/api/health').set('Origin', 'https://evil.example');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['x-frame-options']).toBeDefined();
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
    expect(health.headers['x-powered-by']).toBeUndefined();
    const preflight = await t.http
      .options(ADVANCED)
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    for (const res of [
      await t.http
        .post('/api/admin/signals/x/replay')
        .set('Authorization', `Bearer ${ADMIN}`)
        .set('Content-Type', 'application/json')
        .send('{"broken":'),
      await t.http.get('/api/nope'),
      await t.http.get('/api/admin/signals?limit=x').set('Authorization', `Bearer ${ADMIN}`),
    ]) {
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toMatch(/\n\s+at |\/work\/|node_modules|\.ts:\d/);
    }
  });

  it('keeps every secret out of the log file and every table', async () => {
    const apiSecret = t.env.BINANCE_API_SECRET;
    await t.raw
      .post(ADVANCED)
      .send({ ...BUY, secret: SECRET, note: `api secret is ${apiSecret}`, balance_percentage: 0.08 })
      .expect(200);
    await t.raw
      .post(`${ADVANCED}?token=${SECRET}`)
      .send({ ...BUY, balance_percentage: 0.09, admin: ADMIN })
      .expect(200);
    await t.raw
      .post(ADVANCED)
      .send({ ...BUY, secret: `${SECRET}-wrong` })
      .expect(401);
    await t.http.get('/api/admin/signals').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    await t.http.get('/api/admin/signals').set('Authorization', `Bearer ${ADMIN}x`).expect(401);
    await allSettled(t.db.url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const log = readFileSync(t.logFile, 'utf8');
    const tables = await everyTableText(t.db.url);
    for (const secret of [SECRET, ADMIN, apiSecret]) {
      expect(log).not.toContain(secret);
      expect(tables).not.toContain(secret);
    }
    expect(log.length).toBeGreaterThan(0);
  });
});

describe('source allowlist', () => {
  let direct: TradingTestApp;
  let proxied: TradingTestApp;
  beforeAll(async () => {
    direct = await createTradingApp({ WEBHOOK_IP_ALLOWLIST: 'tradingview' }, 'allowlist');
    proxied = await createTradingApp({ WEBHOOK_IP_ALLOWLIST: '52.89.214.238', TRUST_PROXY: 'loopback' }, 'allowproxy');
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  it('refuses other addresses with 403, recorded', async () => {
    const res = await direct.http.post(ADVANCED).send(BUY).expect(403);
    expect(res.body.error).toMatch(/^Forbidden: 127\.0\.0\.1 may not send signals/);
    expect(await signalRow(direct.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'FORBIDDEN',
      httpStatus: 403,
    });
    expect(orderRequestsTo(direct.fake)).toEqual([]);
  });

  it("checks the source before a bot's slug: any bot URL is 403, recorded with the secret removed", async () => {
    const res = await direct.raw
      .post('/api/bots/no-such-bot/webhook')
      .send({ ...BUY, secret: 'someones-secret' })
      .expect(403);
    const row = await signalRow(direct.db.url, res.body.id);
    expect(row).toMatchObject({ errorCode: 'FORBIDDEN', route: 'bot:no-such-bot' });
    expect(JSON.stringify(row.payload)).not.toContain('someones-secret');
  });

  it('behind a trusted proxy, uses the client address it forwards', async () => {
    await proxied.http.post(ADVANCED).set('X-Forwarded-For', '52.89.214.238').send(BUY).expect(200);
    await proxied.http.post(ADVANCED).set('X-Forwarded-For', '198.51.100.7').send(BUY).expect(403);
  });

  it('cannot be fooled by a client writing an allowlisted address into X-Forwarded-For', async () => {
    // The proxy appends the address it saw; whatever the client wrote before it is not believed.
    const res = await proxied.http
      .post(ADVANCED)
      .set('X-Forwarded-For', '52.89.214.238, 198.51.100.7')
      .send(BUY)
      .expect(403);
    expect(res.body.error).toMatch(/^Forbidden: 198\.51\.100\.7/);
  });
});

describe('TRUST_PROXY=true', () => {
  it('is refused at boot with the safe alternatives', async () => {
    await expect(createTestApp({ TRUST_PROXY: 'true' }, 'trusttrue')).rejects.toThrow(
      /TRUST_PROXY must not be "true".*"loopback"/,
    );
  });
});

describe('rate limit', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ RATE_LIMIT_PER_MINUTE: '3' }, 'ratelimit');
  });
  afterAll(() => t.close());

  it('answers unauthenticated requests past the per-address limit with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) await t.raw.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(401);
    const limited = await t.raw.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ success: false, error: 'Too many requests from this address' });
    await t.http.get('/api/health').expect(200);
  });
});

describe('at most one execution per intent', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ DEDUP_WINDOW_MS: '400' }, 'dedup');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  it('executes a signal id once per route, ever, even when sent twice at once', async () => {
    const signal = { ...BUY, id: 'ma-cross-2026-11-27T09:00' };
    const [a, b] = await Promise.all([t.http.post(ADVANCED).send(signal), t.http.post(ADVANCED).send(signal)]);
    const [first, second] = a.body.duplicate ? [b, a] : [a, b];
    expect(first.body.success).toBe(true);
    expect(second.body).toMatchObject({ success: true, duplicate: true, original_id: first.body.id });
    expect(second.body.message).toMatch(/Duplicate of signal .*: not executed/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const later = await t.http.post(ADVANCED).send(signal).expect(200);
    expect(later.body.duplicate).toBe(true);
    // The same id with another message is not a retry: refused, not taken for one.
    await t.http
      .post(ADVANCED)
      .send({ ...signal, signal_id: 'ignored-when-id-is-set' })
      .expect(409);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    expect(await signalRow(t.db.url, second.body.id)).toMatchObject({ status: 'DUPLICATE' });
    // Another route is another intent.
    await t.http
      .post('/api/binance/state-aware-ma-cross-webhook')
      .send({ ...signal, symbol: 'ETHUSDT' })
      .expect(200);
    expect(orderRequestsTo(t.fake)).toHaveLength(2);
  });

  it('treats the same body on the same route within the window as a duplicate, and not after it', async () => {
    const body = { symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.05, leverage: 2 };
    const first = await t.http.post(ADVANCED).send(body).expect(200);
    const again = await t.http.post(ADVANCED).send(body).expect(200);
    expect(again.body).toMatchObject({ duplicate: true, original_id: first.body.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const later = await t.http.post(ADVANCED).send(body).expect(200);
    expect(later.body.duplicate).toBeUndefined();
    expect(orderRequestsTo(t.fake)).toHaveLength(2);
  });
});
