/**
 * No secret in any stored or served text (error messages and cut bodies
 * included), hostile input answered 400 and logged rather than 500, and the
 * smaller hardening points: prototype keys kept, weak keys refused, the
 * redaction list fed only by accepted secrets, the API docs and their relaxed
 * CSP kept where they belong.
 */
import { readFileSync } from 'node:fs';
import { SignalJournal } from '../../src/journal/signal-journal';
import { everyTableText, signalRow } from '../support/records';
import { createTestApp, createTradingApp, TestApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const SECRET = 'hook-secret-5f4e3d2c1b';
const ADMIN = 'hygiene-admin-token-9a8b7c6d';
const ENCRYPTION_KEY = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
/** Any 8 characters of the secret in a row would be a partial leak. */
const pieces = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));

async function settledLog(t: TestApp): Promise<string> {
  await t.app.get(SignalJournal).settled();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return readFileSync(t.logFile, 'utf8');
}

describe('secrets in stored and served text', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'debug' }, 'hygiene');
  });
  afterAll(() => t.close());

  it("keeps the secret out of the JSON parser's error message, in the table and in the admin API", async () => {
    const bodies = [`${SECRET} {`, `{"note": ${SECRET}}`, `{"a":1} ${SECRET}`, `${'x'.repeat(5)}${SECRET}`];
    const ids: string[] = [];
    for (const text of bodies) {
      const res = await t.raw
        .post(`${ADVANCED}?token=${SECRET}`)
        .set('Content-Type', 'text/plain')
        .send(text)
        .expect(400);
      expect(res.body.error).toMatch(/^Invalid JSON in request body/);
      ids.push(res.body.id);
    }
    const listed = await t.http.get('/api/admin/signals?limit=20').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    const served =
      JSON.stringify(listed.body) +
      JSON.stringify(
        await Promise.all(
          ids.map(
            async (id) => (await t.http.get(`/api/admin/signals/${id}`).set('Authorization', `Bearer ${ADMIN}`)).body,
          ),
        ),
      );
    const stored = await everyTableText(t.db.url);
    for (const piece of pieces(SECRET)) {
      expect(stored).not.toContain(piece);
      expect(served).not.toContain(piece);
    }
  });

  it('redacts a long body before cutting it, so no half secret is kept', async () => {
    for (let offset = 1990; offset <= 2000; offset += 5) {
      await t.raw
        .post(`${ADVANCED}?token=${SECRET}`)
        .set('Content-Type', 'text/plain')
        .send(`${'y'.repeat(offset)}${SECRET}`)
        .expect(400);
    }
    const symbol = `${'Z'.repeat(60)}${SECRET}`;
    const refused = await t.http.post(ADVANCED).send({ symbol, action: 'buy', balance_percentage: 0.1, leverage: 5 });
    expect([400, 422]).toContain(refused.status);
    const stored = await everyTableText(t.db.url);
    const log = await settledLog(t);
    for (const piece of pieces(SECRET)) {
      expect(stored).not.toContain(piece);
      expect(log).not.toContain(piece);
    }
  });

  it('answers JSON nested 10,000 deep with 400, recorded and logged, never a 500', async () => {
    const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const deep = `{"secret":"${SECRET}","symbol":"BTCUSDT","action":"buy","x":${nested}}`;
    const res = await t.raw.post(ADVANCED).set('Content-Type', 'application/json').send(deep).expect(400);
    expect(res.body).toMatchObject({ success: false, error: expect.stringMatching(/nested more than 32 levels deep/) });
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'TOO_DEEP',
      httpStatus: 400,
    });
    expect(await settledLog(t)).toMatch(new RegExp(`refused signal ${res.body.id}.*nested more than 32 levels`));
  });

  it('answers NUL in admin query and path parameters with 400, logged without code paths', async () => {
    for (const path of [
      'signals?symbol=BTC%00USDT',
      'orders?symbol=%00',
      'signals?cursor=%00',
      'signals/abc%00def',
      'stats?from=%00',
    ]) {
      const res = await t.http.get(`/api/admin/${path}`).set('Authorization', `Bearer ${ADMIN}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/NUL|Invalid query parameter/);
    }
    const log = await settledLog(t);
    expect(log).toMatch(/NUL character/);
    expect(log).not.toMatch(/\/work\/|node_modules|\.ts:\d+|\n\s+at /);
  });

  it('stores "__proto__" and "constructor" keys as plain keys of the payload', async () => {
    const text =
      '{"symbol":"BTCUSDT","action":"buy","balance_percentage":5,"leverage":5,' +
      '"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}';
    const res = await t.http.post(ADVANCED).set('Content-Type', 'application/json').send(text).expect(422);
    const row = await signalRow(t.db.url, res.body.id);
    expect(Object.keys(row.payload)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'symbol']));
    const [{ admin }] = await query<{ admin: boolean }>(
      t.db.url,
      `SELECT (payload->'__proto__'->>'admin')::boolean AS admin FROM "Signal" WHERE id = $1`,
      [res.body.id],
    );
    expect(admin).toBe(true);
    const served = await t.http
      .get(`/api/admin/signals/${res.body.id}`)
      .set('Authorization', `Bearer ${ADMIN}`)
      .expect(200);
    expect(served.text).toContain('"__proto__":{"admin":true}');
  });

  it('keeps Swagger UI and the OpenAPI document behind the admin token outside paper mode', async () => {
    await t.http.get('/api/docs-json').expect(401);
    await t.http.get('/api/docs/').expect(401);
    const wrong = await t.http.get('/api/docs-json').set('Authorization', 'Bearer nope-nope-nope');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm=/);
    await t.http.get('/api/docs-json').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    await t.http.get('/api/docs/').auth('admin', ADMIN).expect(200);
  });

  it('relaxes the Content-Security-Policy for Swagger UI only', async () => {
    const health = await t.http.get('/api/health');
    expect(health.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(health.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    const docs = await t.http.get('/api/docs/').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });
});

describe('secrets learnt at run time', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp(
      { ADMIN_TOKEN: ADMIN, CONFIG_ENCRYPTION_KEY: ENCRYPTION_KEY, LOG_LEVEL: 'info' },
      'hygienecfg',
    );
  });
  afterAll(() => t.close());

  it('adds a submitted API secret to the redaction list only when the exchange accepted it', async () => {
    // A refused "secret" that is ordinary text: were it learnt, every route name and log line would hide it.
    await t.http
      .post('/api/binance/config')
      .set('Authorization', `Bearer ${ADMIN}`)
      .send({ api_key: 'WrongKey12345678', api_secret: 'advanced-trading', mode: 'live' })
      .expect(400);
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 });
    expect(res.status).toBe(200);
    const row = await signalRow(t.db.url, res.body.id);
    expect(row).toMatchObject({ route: 'advanced-trading', symbol: 'BTCUSDT', rawSymbol: 'BTCUSDT' });
    expect(row.payload.symbol).toBe('BTCUSDT');
    await t.app.get(SignalJournal).settled();
    let log = '';
    for (let waited = 0; waited < 5000 && !log.includes(res.body.id as string); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      log = readFileSync(t.logFile, 'utf8');
    }
    expect(log).toContain('/api/binance/advanced-trading-webhook');
    expect(log).not.toMatch(/\/api\/binance\/\[REDACTED\]/);
  });
});

describe('API docs in paper mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, 'hygienepaper');
  });
  afterAll(() => t.close());

  it('keeps the API docs public in paper mode', async () => {
    await t.http.get('/api/docs-json').expect(200);
  });
});

describe('weak CONFIG_ENCRYPTION_KEY', () => {
  it('refuses to boot with 64 zeros', async () => {
    await expect(createTestApp({ CONFIG_ENCRYPTION_KEY: '0'.repeat(64) }, 'weakkey')).rejects.toThrow(
      /CONFIG_ENCRYPTION_KEY is too weak/,
    );
  });
});
