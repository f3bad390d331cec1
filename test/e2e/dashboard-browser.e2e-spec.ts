/**
 * The dashboard in a real headless Chromium (Debian's, through playwright-core),
 * against the service in live mode on the fake Binance: a wrong token sees
 * nothing; signing in; a webhook signal appearing in the table without a
 * reload; its detail with calculation and orders; a failed signal replayed;
 * a position closed from the Positions page; the chart's fill marker; a
 * forged cross-site POST refused. Every page is photographed into
 * test/artifacts/dashboard.
 */
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { buildDashboard } from '../support/dashboard-build';
import { allSettled, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const TOKEN = 'test-admin-token-0123456789';
const SHOTS = path.resolve(__dirname, '../artifacts/dashboard');
const WEBHOOK = '/api/binance/advanced-trading-webhook';

async function expectUnchecked(box: Locator): Promise<void> {
  await box.waitFor();
  expect(await box.isChecked()).toBe(false);
}

(CHROMIUM || process.env.CI ? describe : describe.skip)('the dashboard in a real browser', () => {
  let t: TradingTestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let dashboardDir: string;
  /** Every URL the browser asked for: the token must never be in one. */
  const urls: string[] = [];
  const cspViolations: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const signals = async () =>
    (await t.http.get('/api/admin/signals?limit=200').set('Authorization', `Bearer ${TOKEN}`).expect(200)).body as {
      items: Array<{ id: string; status: string; action: string; replay_of: string | null }>;
    };

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error("Chromium is not installed: .ci/run installs Debian's chromium package");
    dashboardDir = buildDashboard();
    mkdirSync(SHOTS, { recursive: true });
    t = await createTradingApp(
      { ADMIN_TOKEN: TOKEN, DASHBOARD_DIR: dashboardDir, CONFIG_ENCRYPTION_KEY: randomBytes(32).toString('hex') },
      'dashboard',
    );
    const app = t.app as NestExpressApplication;
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('request', (r) => urls.push(r.url()));
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (dashboardDir) rmSync(dashboardDir, { recursive: true, force: true });
  });

  it('a wrong token sees nothing: no page, no data, no live events', async () => {
    await page.goto(baseUrl, { waitUntil: 'load' });
    await page.getByLabel('Admin token').fill('not-the-admin-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong admin token' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0);
    expect((await context.cookies()).filter((c) => c.name === 'tvbridge_session')).toEqual([]);
    // What the page would read, asked directly from the browser without a session.
    const statuses = await page.evaluate(async () => {
      const paths = [
        '/api/admin/signals',
        '/api/admin/positions',
        '/api/admin/klines?symbol=BTCUSDT',
        '/api/admin/events',
        '/api/admin/session',
      ];
      return Promise.all(paths.map(async (p) => (await fetch(p)).status));
    });
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    await shot('sign-in-refused');
  });

  it('signs in with the admin token: an HttpOnly SameSite=Strict cookie, the mode on the page', async () => {
    // From the keyboard: type the token, press Enter.
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByLabel('Admin token').press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const banner = page.getByTestId('mode-banner');
    expect(await banner.innerText()).toMatch(/LIVE[\s\S]*real orders, real money/);
    expect(await page.title()).toBe('[LIVE] tvbridge');
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'tvbridge_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    expect(await page.evaluate('document.cookie')).toBe('');
    // PnL figures come only from recorded account events: where the service has no PnL route, the
    // overview says so; with one and nothing recorded yet, it says that. Never a made-up figure.
    const pnl = await t.http.get('/api/admin/pnl?group=day').set('Authorization', `Bearer ${TOKEN}`);
    const recorded = pnl.status === 200 && (pnl.body as { rows: unknown[] }).rows.length > 0;
    if (pnl.status === 404) await page.getByText('no figure is shown here').waitFor();
    else if (!recorded) await page.getByText('No realized PnL, fee or funding recorded').waitFor();
    else await page.getByTestId('today-pnl').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
  });

  it('a webhook signal appears in the table without a reload; its detail shows calculation and orders', async () => {
    await page.getByRole('link', { name: 'Signals' }).click();
    await page.getByRole('heading', { name: 'Signals' }).waitFor();
    // A mark on this page's window: still there later means the page was never reloaded.
    await page.evaluate('window.stayed = true');
    const sent = await t.http
      .post(WEBHOOK)
      .send({
        symbol: 'BTCUSDT',
        action: 'buy',
        balance_percentage: 0.1,
        leverage: 5,
        stop_loss: 49000,
        take_profit: 52000,
      })
      .expect(200);
    const id = (sent.body as { id: string }).id;
    const row = page.locator(`tr[data-signal-id="${id}"]`);
    await row.waitFor();
    await row.getByText('executed').waitFor();
    expect(await page.evaluate('window.stayed')).toBe(true);
    await shot('signals');
    // The admin API's time filter: nothing from tomorrow on, then everything again.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    await page.getByLabel('From').fill(tomorrow);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No signal matches.').waitFor();
    await page.getByLabel('From').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await row.waitFor();

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Sizing calculation' }).waitFor();
    const calculation = await page.getByTestId('calculation').innerText();
    expect(calculation).toMatch(/quantity/);
    expect(calculation).toMatch(/leverage\s+5/);
    const orders = page.getByTestId('orders').locator('> li');
    expect(await orders.count()).toBeGreaterThanOrEqual(1);
    expect(await orders.first().innerText()).toMatch(/open BUY [\d.]+ BTCUSDT\s+filled/i);
    await page.getByText('Request and answer').first().click();
    await page.getByLabel('Exchange answer').first().waitFor();
    await shot('signal-detail');
  });

  it('a failed signal replays from its detail page', async () => {
    t.fake.fail({ path: '/fapi/v1/order', count: 1, code: -2019 });
    const sent = await t.http
      .post(WEBHOOK)
      .send({ symbol: 'ETHUSDT', action: 'buy', balance_percentage: 0.05, leverage: 3 });
    const id = (sent.body as { id: string }).id;
    expect((await signalRow(t.db.url, id)).status).toBe('FAILED');
    await page.goto(`${baseUrl}/#/signals/${id}`);
    await page.getByRole('heading', { name: 'Error -2019' }).waitFor();
    await page.getByRole('button', { name: 'Replay this signal' }).click();
    await page.getByTestId('replay-result').getByText('HTTP 200').waitFor();
    await allSettled(t.db.url);
    const replay = (await signals()).items.find((s) => s.replay_of === id);
    expect(replay).toMatchObject({ status: 'executed', action: 'buy' });
    await shot('signal-replayed');
  });

  it('the chart shows our fill as a marker, stop and target as lines, and the candles of the exchange', async () => {
    await page.goto(`${baseUrl}/#/chart?symbol=BTCUSDT`);
    const chart = page.getByTestId('price-chart');
    await chart.waitFor();
    await page.waitForFunction(`Number(document.querySelector('[data-testid="price-chart"]').dataset.markers) >= 1`);
    expect(Number(await chart.getAttribute('data-candles'))).toBeGreaterThanOrEqual(1);
    await page.waitForFunction(`Number(document.querySelector('[data-testid="price-chart"]').dataset.levels) >= 2`);
    await page.getByText('stop loss at 49,000').waitFor();
    await page.getByText('take profit at 52,000').waitFor();
    expect(await page.getByTestId('fills-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(t.fake.requests.some((r) => r.path === '/fapi/v1/klines')).toBe(true);
    await shot('chart');
  });

  it('closes a position from the Positions page, as a close signal recorded like any other', async () => {
    await page.getByRole('link', { name: 'Positions' }).click();
    const row = page.locator('tr[data-symbol="BTCUSDT"]');
    await row.waitFor();
    await shot('positions');
    await row.getByRole('button', { name: 'Close BTCUSDT' }).click();
    await row.getByRole('button', { name: 'Confirm: close BTCUSDT' }).click();
    await row.waitFor({ state: 'detached' });
    await allSettled(t.db.url);
    const close = (await signals()).items.find((s) => s.action === 'close');
    expect(close).toMatchObject({ status: 'executed' });
    const detail = await t.http
      .get(`/api/admin/signals/${close!.id}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(detail.body).toMatchObject({ client_ip: 'admin-dashboard', route: 'advanced-trading' });
  });

  it('sends a signal from the form and shows the answer', async () => {
    await page.getByRole('link', { name: 'Send a signal' }).click();
    await page.getByLabel('Symbol').fill('SOLUSDT');
    await page.getByLabel('Leverage').fill('2');
    await page.getByRole('button', { name: 'Send to live' }).click();
    await page.getByTestId('send-answer').getByText('Answer: HTTP 200').waitFor();
    await shot('send-signal');
  });

  it('shows the settings and the overview', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('credentials').waitFor();
    // A notification switch, saved through the settings API and shown as in force.
    const telegram = page.getByTestId('channel-telegram');
    await telegram.getByLabel('signal.executed').uncheck();
    await telegram.getByRole('button', { name: 'Save Telegram' }).click();
    const executedSwitch = async () => {
      const saved = await t.http.get('/api/admin/notifications/settings').set('Authorization', `Bearer ${TOKEN}`);
      return (saved.body as { telegram: { events: Record<string, boolean> } }).telegram.events['signal.executed'];
    };
    for (let i = 0; i < 50 && (await executedSwitch()) !== false; i++) await page.waitForTimeout(100);
    expect(await executedSwitch()).toBe(false);
    await page.reload();
    await expectUnchecked(page.getByTestId('channel-telegram').getByLabel('signal.executed'));
    await shot('settings');
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('signals-total').waitFor();
    await shot('overview');
    // On a phone: no sideways scrolling, each signal a card.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Signals' }).click();
    await page.getByTestId('signals-table').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot('signals-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("reads PnL, fees, funding and win rate as GET /api/admin/pnl answers them (the page's side)", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const row = (key: string, net: string, wins: number, losses: number) => ({
      key,
      realized_pnl: net,
      fees: '1.25',
      funding: '-0.5',
      net,
      trades: wins + losses,
      wins,
      losses,
    });
    const answers: Record<string, unknown> = {
      day: { rows: [row(yesterday, '10.5', 1, 0), row(today, '-2.25', 1, 2)] },
      symbol: { rows: [row('BTCUSDT', '8.25', 2, 2)] },
    };
    await page.route('**/api/admin/pnl?*', (route) =>
      route.fulfill({ json: answers[new URL(route.request().url()).searchParams.get('group') ?? ''] }),
    );
    try {
      await page.goto(`${baseUrl}/#/overview`);
      await page.reload(); // the session survives a reload (the cookie), the figures are read again
      await page.getByTestId('today-pnl').getByText('-2.25').waitFor();
      await page.getByText('50.0 %').waitFor();
      await page.getByText('2 won, 2 lost').waitFor();
      await page.getByTestId('pnl-by-symbol').getByText('+8.25').first().waitFor();
      await shot('overview-pnl');
    } finally {
      await page.unroute('**/api/admin/pnl?*');
    }
  });

  it('refuses a cross-site POST, and a same-site one without the CSRF token', async () => {
    const before = (await signals()).items.length;
    // An attacker's page on another site posts a form to the service in the signed-in browser.
    const attacker: Server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(
        `<form id="f" method="POST" action="${baseUrl}/api/admin/signals" enctype="text/plain">` +
          '<input name=\'{"symbol":"BTCUSDT","action":"buy","x":"\' value=\'"}\'></form><script>f.submit()</script>',
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerPage = await context.newPage();
    try {
      const answer = attackerPage.waitForResponse((r) => r.url().endsWith('/api/admin/signals'));
      await attackerPage.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
      expect((await answer).status()).toBe(401);
    } finally {
      await attackerPage.close();
      attacker.close();
    }
    // Same site, session cookie sent, but no X-CSRF-Token: refused too.
    const status = await page.evaluate(async () => {
      const r = await fetch('/api/admin/signals', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ symbol: 'BTCUSDT', action: 'buy' }),
      });
      return r.status;
    });
    expect(status).toBe(403);
    expect((await signals()).items.length).toBe(before);
  });

  it('signs out: the session ends, the sign-in form is back', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/admin/signals')).status)).toBe(401);
    expect(urls.filter((u) => u.includes(TOKEN))).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
