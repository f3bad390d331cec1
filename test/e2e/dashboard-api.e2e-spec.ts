/**
 * The dashboard's server side through HTTP, in paper mode: the session cookie
 * and its flags, CSRF on every state-changing request made with the cookie,
 * sign-out, live events behind the guard, klines, signals fired by hand
 * (recorded with their source, through the webhook's checks) and the page's
 * Content-Security-Policy.
 */
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allSettled, signalRow } from '../support/records';
import { createTestApp, TestApp } from '../support/test-app';

const TOKEN = 'test-admin-token-0123456789';
const SECRET = 'test-webhook-secret';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };

interface Answer {
  id: string;
  message: string;
  items: Array<{ id: string }>;
  klines: Array<Record<string, unknown>>;
}
/** supertest's body, typed for what these tests read. */
const body = (res: { body: unknown }) => res.body as Answer;

describe('dashboard API', () => {
  let t: TestApp;
  let port: number;
  /** A stand-in build: the page and one hashed asset. */
  const dashboardDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-dashapi-'));

  beforeAll(async () => {
    mkdirSync(path.join(dashboardDir, 'assets'));
    writeFileSync(path.join(dashboardDir, 'index.html'), '<!doctype html><title>tvbridge</title><div id="root"></div>');
    writeFileSync(path.join(dashboardDir, 'assets', 'index-abc123.js'), 'console.log(1);');
    // An allowlist that excludes everyone: only signals that do not need it get through.
    t = await createTestApp(
      { ADMIN_TOKEN: TOKEN, WEBHOOK_SECRET: SECRET, WEBHOOK_IP_ALLOWLIST: '203.0.113.9', DASHBOARD_DIR: dashboardDir },
      'dashapi',
    );
    const app = t.app as NestExpressApplication;
    await app.listen(0, '127.0.0.1');
    port = Number(new URL(await app.getUrl()).port);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dashboardDir, { recursive: true, force: true });
  });

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const res = await t.http.post('/api/admin/session').send({ token: TOKEN }).expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    return { cookie, csrf: (res.body as { csrf_token: string }).csrf_token };
  }

  it('exchanges the admin token for an HttpOnly, SameSite=Strict session cookie and a CSRF token', async () => {
    const wrong = await t.http.post('/api/admin/session').send({ token: 'wrong-token-0123456789' }).expect(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    await t.http.post('/api/admin/session').send({}).expect(400);
    const res = await t.http.post('/api/admin/session').send({ token: TOKEN }).expect(200);
    const [cookie] = res.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^tvbridge_session=[\w-]{40,};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/api/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure over HTTPS
    expect(cookie).not.toContain(TOKEN);
    expect(res.body).toMatchObject({
      csrf_token: expect.stringMatching(/^[\w-]{40,}$/) as unknown,
      exchange: { mode: 'paper', host: null },
    });
  });

  it('the cookie reads; it changes state only with the CSRF header; bearer clients need none', async () => {
    const { cookie, csrf } = await signIn();
    await t.http.get('/api/admin/signals').set('Cookie', cookie).expect(200);
    const session = await t.http.get('/api/admin/session').set('Cookie', cookie).expect(200);
    expect(session.body).toMatchObject({ csrf_token: csrf, exchange: { mode: 'paper' } });

    const before = body(await t.http.get('/api/admin/signals').set('Cookie', cookie)).items.length;
    const refused = await t.http.post('/api/admin/signals').set('Cookie', cookie).send(BUY).expect(403);
    expect(body(refused).message).toMatch(/CSRF/);
    await t.http
      .post('/api/admin/signals')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', 'not-the-token')
      .send(BUY)
      .expect(403);
    await t.http.post('/api/admin/signals/whatever/replay').set('Cookie', cookie).expect(403);
    expect(body(await t.http.get('/api/admin/signals').set('Cookie', cookie)).items.length).toBe(before);

    const fired = await t.http
      .post('/api/admin/signals')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf)
      .send(BUY)
      .expect(200);
    expect(fired.body).toMatchObject({ success: true, exchange: { mode: 'paper' } });
    await allSettled(t.db.url);
    const row = await signalRow(t.db.url, body(fired).id);
    expect(row).toMatchObject({ status: 'EXECUTED', action: 'BUY' });
    const detail = await t.http
      .get(`/api/admin/signals/${body(fired).id}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(detail.body).toMatchObject({ client_ip: 'admin-dashboard', route: 'advanced-trading' });

    await t.http
      .post('/api/admin/signals')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ symbol: 'BTCUSDT', action: 'close' })
      .expect(200);
  });

  it('hand-fired signals pass the webhook checks, recorded when refused; the webhook checks the address', async () => {
    const bearer = `Bearer ${TOKEN}`;
    const refused = await t.http
      .post('/api/admin/signals')
      .set('Authorization', bearer)
      .send({ symbol: 'BTCUSDT', action: 'buy', leverage: 500 });
    expect(refused.status).toBe(422);
    await allSettled(t.db.url);
    expect(await signalRow(t.db.url, body(refused).id)).toMatchObject({ status: 'REJECTED' });
    await t.http.post('/api/admin/signals?route=nope').set('Authorization', bearer).send(BUY).expect(400);
    // A bot's alerts need its slug and secret: not a route to fire by hand.
    await t.http.post('/api/admin/signals?route=bot').set('Authorization', bearer).send(BUY).expect(400);
    await t.http
      .post('/api/admin/signals?route=state-aware-ma-cross')
      .set('Authorization', bearer)
      .send({ symbol: 'ETHUSDT', action: 'close' })
      .expect(200);
    await t.http.post('/api/admin/signals').send(BUY).expect(401);
    // The allowlist holds for the webhook: the manual route is not a way around it for strangers.
    await t.http.post(`/api/binance/advanced-trading-webhook?token=${SECRET}`).send(BUY).expect(403);
  });

  it('sign-out needs the CSRF token, ends the session and clears the cookie', async () => {
    const { cookie, csrf } = await signIn();
    await t.http.delete('/api/admin/session').set('Cookie', cookie).expect(403);
    const out = await t.http.delete('/api/admin/session').set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(200);
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(
      /^tvbridge_session=;.*Expires=Thu, 01 Jan 1970/,
    );
    await t.http.get('/api/admin/signals').set('Cookie', cookie).expect(401);
    await t.http.get('/api/admin/session').set('Cookie', cookie).expect(401);
  });

  it('live events: refused without a session, then each recorded signal as it happens', async () => {
    await t.http.get('/api/admin/events').expect(401);
    const { cookie } = await signIn();
    const received: string[] = [];
    const stream = httpRequest({ host: '127.0.0.1', port, path: '/api/admin/events', headers: { Cookie: cookie } });
    const opened = new Promise<string | undefined>((resolve) =>
      stream.on('response', (r) => resolve(r.headers['content-type'])),
    );
    stream.on('response', (r) => r.on('data', (chunk: Buffer) => received.push(chunk.toString())));
    stream.end();
    try {
      expect(await opened).toMatch(/^text\/event-stream/);
      const fired = await t.http
        .post('/api/admin/signals')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ ...BUY, symbol: 'ETHUSDT' })
        .expect(200);
      const deadline = Date.now() + 5000;
      while (!received.join('').includes(`"status":"EXECUTED"`) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const text = received.join('');
      expect(text).toContain('event: signal');
      expect(text).toContain(`"id":"${body(fired).id}"`);
      expect(text).toMatch(/"status":"PROCESSING"[\s\S]*"status":"EXECUTED"/);
    } finally {
      stream.destroy();
    }
  });

  it('klines: candles of the paper price path, parameters checked', async () => {
    const bearer = `Bearer ${TOKEN}`;
    const res = await t.http
      .get('/api/admin/klines?symbol=btc&interval=1m&limit=5')
      .set('Authorization', bearer)
      .expect(200);
    expect(res.body).toMatchObject({ symbol: 'BTCUSDT', interval: '1m', exchange: { mode: 'paper' } });
    const klines = body(res).klines;
    expect(klines.length).toBeGreaterThanOrEqual(1);
    expect(klines.length).toBeLessThanOrEqual(5);
    expect(klines[klines.length - 1]).toMatchObject({ close: '50000', open_time: expect.any(Number) as unknown });
    const bad = await t.http
      .get('/api/admin/klines?symbol=BTCUSDT&interval=2m')
      .set('Authorization', bearer)
      .expect(400);
    expect(bad.body).toMatchObject({ parameter: 'interval' });
    await t.http.get('/api/admin/klines?symbol=BTCUSDT&limit=5000').set('Authorization', bearer).expect(400);
    await t.http.get('/api/admin/klines').set('Authorization', bearer).expect(400);
    const unknown = await t.http.get('/api/admin/klines?symbol=NOPEUSDT').set('Authorization', bearer).expect(400);
    expect(unknown.body).toMatchObject({ code: -1121 });
  });

  it("the dashboard's pages get a strict Content-Security-Policy of their own; the API keeps its own", async () => {
    const page = await t.http.get('/').expect(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['cache-control']).toBe('no-cache');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const api = await t.http.get('/api/health');
    expect(api.headers['content-security-policy']).not.toContain("frame-ancestors 'none'");
    // API paths are never answered with the page.
    await t.http.get('/api/nothing-here').expect(404);
  });

  it('serves the built page at / and its routes, hashed assets cached for good, a missing asset as 404', async () => {
    const asset = await t.http.get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.http.get('/signals').expect(200)).text).toContain('<div id="root">');
    await t.http.get('/assets/index-missing.js').expect(404);
    await t.http.post('/').send({}).expect(404);
  });
});

describe('dashboard not built', () => {
  it('says how to build it instead of a blank page', async () => {
    const t = await createTestApp({ ADMIN_TOKEN: TOKEN, DASHBOARD_DIR: '/nonexistent/tvbridge-dashboard' }, 'dashnone');
    try {
      const res = await t.http.get('/').expect(503);
      expect(res.text).toContain('npm run build');
    } finally {
      await t.close();
    }
  });
});
