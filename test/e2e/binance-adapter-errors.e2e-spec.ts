/**
 * The Binance adapter turns every failure Binance can answer with into an
 * ExchangeError carrying the code, HTTP status, kind and the table's
 * suggestions. Each case is injected into the fake through /__control/fail.
 */
import Decimal from 'decimal.js';
import { BinanceFuturesExchange } from '../../src/exchange/binance/binance-futures.exchange';
import { ExchangeError } from '../../src/exchange/exchange-error';
import { BINANCE_ERROR_TABLE, HTTP_ERROR_ADVICE } from '../../src/exchange/exchange-error-table';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { binanceSettings, control, startFakeBinance } from '../support/exchange-harness';

describe('Binance adapter error mapping', () => {
  let fake: FakeBinanceServer;
  let adapter: BinanceFuturesExchange;
  beforeAll(async () => {
    fake = await startFakeBinance();
    adapter = new BinanceFuturesExchange(binanceSettings(fake, { timeoutMs: 400 }));
    await adapter.start();
  });
  afterAll(async () => {
    adapter.stop();
    await fake.stop();
  });
  beforeEach(() => control(fake, 'reset', {}));

  const buy = () =>
    adapter.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: new Decimal('0.01'),
      clientOrderId: `err-${Math.random().toString(36).slice(2, 10)}`,
    });

  async function failure(promise: Promise<unknown>): Promise<ExchangeError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExchangeError);
    return error as ExchangeError;
  }

  it.each([
    [-1022, 400, 'auth'],
    [-2014, 401, 'auth'],
    [-2015, 401, 'auth'],
    [-1121, 400, 'rejected'],
    [-1111, 400, 'rejected'],
    [-1013, 400, 'rejected'],
    [-4164, 400, 'rejected'],
    [-2019, 400, 'rejected'],
    [-2027, 400, 'rejected'],
    [-2022, 400, 'rejected'],
    [-4061, 400, 'rejected'],
    [-4048, 400, 'rejected'],
    [-4028, 400, 'rejected'],
    [-4120, 400, 'rejected'],
    [-4161, 400, 'rejected'],
    [-4168, 400, 'rejected'],
    [-4202, 400, 'rejected'],
    [-4203, 400, 'rejected'],
    [-4400, 400, 'rejected'],
    [-4401, 400, 'rejected'],
    [-5028, 400, 'clock'],
  ])('code %i on an order → ExchangeError (HTTP %i, %s) with the table suggestions', async (code, httpStatus, kind) => {
    await control(fake, 'fail', { path: '/fapi/v1/order', count: 1, code, status: httpStatus });
    const error = await failure(buy());
    expect(error).toMatchObject({ code, httpStatus, kind });
    expect(error.message).toMatch(new RegExp(`^Binance API error \\(Code ${code}\\): `));
    expect(error.suggestions).toEqual(BINANCE_ERROR_TABLE[code].suggestions);
    expect(error.suggestions.length).toBeGreaterThan(0);
  });

  it('-4046 on margin type is success (nothing to change)', async () => {
    await control(fake, 'fail', { path: '/fapi/v1/marginType', count: 1, code: -4046 });
    await expect(adapter.setMarginType('BTCUSDT', 'ISOLATED')).resolves.toBeUndefined();
  });

  it('-1021 resyncs the clock with server time and retries the call once', async () => {
    await control(fake, 'fail', { path: '/fapi/v2/balance', count: 1, code: -1021 });
    const balance = await adapter.usdtBalance();
    expect(balance.wallet.toString()).toBe('10000');
    const paths = fake.requests.map((r) => r.path);
    expect(paths).toEqual(['/fapi/v2/balance', '/fapi/v1/time', '/fapi/v2/balance']);
  });

  it('-1021 twice is reported with its clock suggestions', async () => {
    await control(fake, 'fail', { path: '/fapi/v2/balance', count: 2, code: -1021 });
    const error = await failure(adapter.usdtBalance());
    expect(error).toMatchObject({ code: -1021, kind: 'clock' });
    expect(error.suggestions).toEqual(BINANCE_ERROR_TABLE[-1021].suggestions);
  });

  it('-1003 with HTTP 429 → rate-limited, with a retry delay', async () => {
    await control(fake, 'fail', { path: '/fapi/v2/positionRisk', count: 1, status: 429, retryAfter: 2 });
    const limited = new BinanceFuturesExchange(binanceSettings(fake, { pauseMaxMs: 300 }));
    const error = await failure(limited.positions('BTCUSDT'));
    expect(error).toMatchObject({ code: -1003, httpStatus: 429, kind: 'rate-limited' });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.suggestions).toEqual(expect.arrayContaining(HTTP_ERROR_ADVICE[429].suggestions));
  });

  it('HTTP 418 (IP banned) → banned, retry after the ban Binance names', async () => {
    await control(fake, 'fail', { path: '/fapi/v2/positionRisk', count: 1, status: 418, retryAfter: 30 });
    const banned = new BinanceFuturesExchange(binanceSettings(fake));
    const error = await failure(banned.positions('BTCUSDT'));
    expect(error).toMatchObject({ code: -1003, httpStatus: 418, kind: 'banned' });
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it.each([500, 502, 503])(
    'HTTP %i without a Binance body on an order → unavailable, execution status unknown',
    async (status) => {
      await control(fake, 'fail', { path: '/fapi/v1/order', count: 1, status });
      const error = await failure(buy());
      expect(error).toMatchObject({ httpStatus: status, kind: 'unavailable', code: undefined });
      expect(error.outcomeUnknown).toBe(true);
      expect(error.suggestions).toEqual(HTTP_ERROR_ADVICE['5xx'].suggestions);
    },
  );

  it('no answer in time → timeout, execution status unknown', async () => {
    await control(fake, 'fail', { path: '/fapi/v1/order', count: 1, timeout: true });
    const error = await failure(buy());
    expect(error).toMatchObject({ kind: 'timeout', code: undefined });
    expect(error.outcomeUnknown).toBe(true);
    expect(error.suggestions).toEqual(HTTP_ERROR_ADVICE.timeout.suggestions);
  });

  it('pauses the account after a 429: no request goes out until the pause ends, then resumes', async () => {
    const limited = new BinanceFuturesExchange(binanceSettings(fake, { pauseMaxMs: 400 }));
    await control(fake, 'fail', { path: '/fapi/v2/balance', count: 1, status: 429 });
    await failure(limited.usdtBalance());
    const sent = fake.requests.length;
    const paused = await failure(limited.usdtBalance());
    expect(paused).toMatchObject({ kind: 'rate-limited' });
    expect(paused.exchangeMessage).toMatch(/paused/);
    expect(fake.requests.length).toBe(sent);
    expect(limited.pausedUntil).toBeGreaterThan(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await limited.usdtBalance()).wallet.toString()).toBe('10000');
  });

  it('honours the ban time of a 418', async () => {
    const banned = new BinanceFuturesExchange(binanceSettings(fake, { pauseMaxMs: 100 }));
    await control(fake, 'fail', { path: '/fapi/v2/balance', count: 1, status: 418, retryAfter: 5 });
    await failure(banned.usdtBalance());
    expect(banned.pausedUntil! - Date.now()).toBeGreaterThan(4000);
  });

  it('retries reads that fail fast (5xx) with backoff', async () => {
    await control(fake, 'fail', { path: '/fapi/v2/balance', count: 2, status: 503 });
    expect((await adapter.usdtBalance()).wallet.toString()).toBe('10000');
    expect(fake.requests.filter((r) => r.path === '/fapi/v2/balance')).toHaveLength(3);
  });

  it('an unreachable exchange → unavailable', async () => {
    const offline = new BinanceFuturesExchange({ ...binanceSettings(fake), baseUrl: 'http://127.0.0.1:9' });
    const error = await failure(offline.serverTime());
    expect(error.kind).toBe('unavailable');
  });
});

describe('symbol rules cache', () => {
  let fake: FakeBinanceServer;
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(() => fake.stop());
  beforeEach(() => control(fake, 'reset', {}));
  const infoRequests = () => fake.requests.filter((r) => r.path === '/fapi/v1/exchangeInfo').length;

  it('fetches exchangeInfo once per refresh period, not per call', async () => {
    const adapter = new BinanceFuturesExchange(binanceSettings(fake, { symbolRulesRefreshMs: 250 }));
    await adapter.start();
    await Promise.all(Array.from({ length: 50 }, () => adapter.symbolRules('BTCUSDT')));
    for (let i = 0; i < 20; i++) await adapter.symbolRules('ETHUSDT');
    expect(infoRequests()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await adapter.symbolRules('BTCUSDT');
    expect(infoRequests()).toBeGreaterThanOrEqual(2);
    expect(infoRequests()).toBeLessThanOrEqual(4);
    adapter.stop();
  });

  it('refreshes after Binance says a symbol (-1121) or a precision (-1111) is invalid', async () => {
    const adapter = new BinanceFuturesExchange(binanceSettings(fake));
    await adapter.start();
    expect(infoRequests()).toBe(1);
    // A burst of errors right after a load costs no extra refresh; later ones do.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await control(fake, 'fail', { path: '/fapi/v1/order', count: 1, code: -1121 });
    await adapter
      .placeOrder({
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: new Decimal('0.01'),
        clientOrderId: 'rules-1',
      })
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(infoRequests()).toBe(2);
    adapter.stop();
  });
});
