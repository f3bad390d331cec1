/**
 * A trader fires a signal by hand from Swagger UI, in a real headless
 * Chromium: open /api/docs, expand the advanced-trading webhook, pick the
 * buy usage example, execute, read the 200 in the page, then find the signal
 * through the admin API. Chromium is Debian's (.ci/run installs it).
 */
import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { allSettled } from '../support/records';
import { createTestApp, TestApp } from '../support/test-app';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const TOKEN = 'test-admin-token-0123456789';
const ARTIFACTS = path.resolve(__dirname, '../artifacts');

(CHROMIUM || process.env.CI ? describe : describe.skip)('Swagger UI in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error("Chromium is not installed: .ci/run installs Debian's chromium package");
    t = await createTestApp({ ADMIN_TOKEN: TOKEN }, 'browser');
    const app = t.app as NestExpressApplication;
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
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
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('fires example 1 (buy) with Try it out and finds the signal in the history', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${baseUrl}/api/docs`, { waitUntil: 'load' });
    const operation = page
      .locator('.opblock')
      .filter({ has: page.locator('[data-path="/api/binance/advanced-trading-webhook"]') });
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('button.try-out__btn').click();
    await operation
      .locator('select:has(option[value="example-1-conservative-long"])')
      .selectOption({ label: 'Example 1: conservative long (10% of balance, 5x)' });
    expect(
      JSON.parse(await operation.locator('.opblock-section-request-body textarea').first().inputValue()),
    ).toMatchObject({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 });
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor({ timeout: 20_000 });
    expect((await status.innerText()).trim()).toBe('200');
    const body = JSON.parse(
      await operation
        .locator('.live-responses-table tr.response .response-col_description pre.microlight')
        .first()
        .innerText(),
    ) as { success: boolean; id: string; trade: { symbol: string; action: string; leverage: number } };
    expect(body).toMatchObject({ success: true, trade: { symbol: 'BTCUSDT', action: 'buy', leverage: 5 } });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'swagger-try-it-out.png'), fullPage: false });

    await allSettled(t.db.url);
    const history = await t.http
      .get('/api/admin/signals?symbol=BTCUSDT')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(history.body.items.map((s: { id: string }) => s.id)).toContain(body.id);
    expect(history.body.items[0]).toMatchObject({ id: body.id, status: 'executed', action: 'buy' });
  }, 60_000);
});
