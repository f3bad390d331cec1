import { parseEnv } from './app-config';
import { ConfigError } from './env-readers';

const LIVE = {
  EXCHANGE_MODE: 'live',
  BINANCE_API_KEY: 'key-key-key',
  BINANCE_API_SECRET: 'secret-secret',
  WEBHOOK_SECRET: 'hook-secret',
  ADMIN_TOKEN: 'admin-token-0123456789',
};

function failure(env: Record<string, string>): ConfigError {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('gives a zero-configuration paper setup', () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      exchangeMode: 'paper',
      defaultMarginType: 'ISOLATED',
      logLevel: 'info',
      logFile: 'trading_system.log',
      logStdout: 'auto',
      sizingBalance: 'wallet',
    });
    expect(config.paperBalanceUsdt.toString()).toBe('10000');
  });

  it('reads a full live setup and normalises case', () => {
    const config = parseEnv({
      ...LIVE,
      PORT: '8080',
      DEFAULT_MARGIN_TYPE: 'crossed',
      LOG_LEVEL: 'DEBUG',
      BINANCE_FUTURES_URL: 'http://127.0.0.1:9100/',
    });
    expect(config).toMatchObject({
      port: 8080,
      exchangeMode: 'live',
      defaultMarginType: 'CROSSED',
      logLevel: 'debug',
      binanceFuturesUrl: 'http://127.0.0.1:9100',
    });
  });

  it('expands "tradingview" in the allowlist to its published addresses', () => {
    expect(parseEnv({ WEBHOOK_IP_ALLOWLIST: 'tradingview, 10.0.0.7' }).webhookIpAllowlist).toEqual([
      '52.89.214.238',
      '34.212.75.30',
      '54.218.53.128',
      '52.32.178.7',
      '10.0.0.7',
    ]);
  });

  it('takes proxy hop counts, addresses, CIDRs and loopback for TRUST_PROXY', () => {
    expect(parseEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    const list = parseEnv({ TRUST_PROXY: 'Loopback, 10.0.0.0/8, fd00::/8, 192.0.2.1' }).trustProxy;
    expect(list).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1']);
    expect(parseEnv({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('splits the rate limits: webhook (unauthenticated) and admin, RATE_LIMIT_PER_MINUTE setting both', () => {
    expect(parseEnv({})).toMatchObject({ webhookRateLimitPerMinute: 60, adminRateLimitPerMinute: 300 });
    const off = parseEnv({ RATE_LIMIT_PER_MINUTE: '0' });
    expect(off).toMatchObject({ webhookRateLimitPerMinute: 0, adminRateLimitPerMinute: 0 });
    const split = parseEnv({ RATE_LIMIT_PER_MINUTE: '9', ADMIN_RATE_LIMIT_PER_MINUTE: '40' });
    expect(split).toMatchObject({ webhookRateLimitPerMinute: 9, adminRateLimitPerMinute: 40 });
  });

  it('keeps the API docs public in paper mode and behind the admin token otherwise', () => {
    expect(parseEnv({}).apiDocs).toBe('public');
    expect(parseEnv(LIVE).apiDocs).toBe('admin');
    expect(parseEnv({ ...LIVE, API_DOCS: 'public' }).apiDocs).toBe('public');
  });

  it('accepts a random CONFIG_ENCRYPTION_KEY', () => {
    const key = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
    expect(parseEnv({ CONFIG_ENCRYPTION_KEY: key }).configEncryptionKey).toHaveLength(32);
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', /integer from 0 to 65535 \(got "abc"\)/],
    [{ PORT: '70000' }, 'PORT', /integer from 0 to 65535/],
    [{ PORT: '-1' }, 'PORT', /integer/],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /must be a URL/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL', /must use postgres or postgresql/],
    [{ EXCHANGE_MODE: 'demo' }, 'EXCHANGE_MODE', /one of paper, testnet, live \(got "demo"\)/],
    [{ DEFAULT_MARGIN_TYPE: 'cross' }, 'DEFAULT_MARGIN_TYPE', /ISOLATED, CROSSED/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of fatal/],
    [{ LOG_STDOUT: 'colour' }, 'LOG_STDOUT', /one of auto, pretty, json, off/],
    [{ BINANCE_FUTURES_URL: 'ftp://x' }, 'BINANCE_FUTURES_URL', /http or https/],
    [{ PAPER_BALANCE_USDT: '-5' }, 'PAPER_BALANCE_USDT', /positive decimal/],
    [{ PAPER_BALANCE_USDT: '1e3' }, 'PAPER_BALANCE_USDT', /positive decimal/],
    [{ SIZING_BALANCE: 'margin' }, 'SIZING_BALANCE', /wallet, available/],
    [{ BINANCE_RECV_WINDOW_MS: '70000' }, 'BINANCE_RECV_WINDOW_MS', /1 to 60000/],
    [{ BINANCE_API_KEY: 'k' }, 'BINANCE_API_SECRET', /required when the other/],
    [{ BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's' }, 'EXCHANGE_MODE', /must be set to testnet or live/],
    [{ EXCHANGE_MODE: 'live' }, 'BINANCE_API_KEY', /required when EXCHANGE_MODE is live/],
    [{ ...LIVE, WEBHOOK_SECRET: '' }, 'WEBHOOK_SECRET', /required when EXCHANGE_MODE is live/],
    [{ ...LIVE, ADMIN_TOKEN: '' }, 'ADMIN_TOKEN', /required when EXCHANGE_MODE is live/],
    [{ ...LIVE, ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN', /at least 16 characters/],
    [{ WEBHOOK_SECRET: 'abc' }, 'WEBHOOK_SECRET', /at least 8 characters/],
    [{ WEBHOOK_IP_ALLOWLIST: '1.2.3.4, evil.example' }, 'WEBHOOK_IP_ALLOWLIST', /IP addresses or "tradingview"/],
    [{ TRUST_PROXY: 'maybe!' }, 'TRUST_PROXY', /hop count/],
    [{ DEDUP_WINDOW_MS: '-1' }, 'DEDUP_WINDOW_MS', /integer/],
    [{ CONFIG_ENCRYPTION_KEY: 'abcd' }, 'CONFIG_ENCRYPTION_KEY', /must be 32 bytes/],
    [{ CONFIG_ENCRYPTION_KEY: '0'.repeat(64) }, 'CONFIG_ENCRYPTION_KEY', /too weak \(only 1 distinct/],
    [{ CONFIG_ENCRYPTION_KEY: '0123456789abcdef'.repeat(4) }, 'CONFIG_ENCRYPTION_KEY', /too weak/],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY', /must not be "true".*number of proxies.*"loopback"/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY', /CIDRs \(got "10\.0\.0\.0\/33"\)/],
    [{ TRUST_PROXY: 'loopback, uniquelocal' }, 'TRUST_PROXY', /got "uniquelocal"/],
    [{ TRUST_PROXY: '0' }, 'TRUST_PROXY', /hop count must be from 1/],
    [{ API_DOCS: 'open' }, 'API_DOCS', /public, admin, off/],
    [{ DATABASE_MIGRATION_URL: 'postgres://owner@db/x' }, 'DATABASE_MIGRATION_URL', /needs DATABASE_URL/],
  ])('rejects %j naming %s', (env, variable, problem) => {
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    expect(error.message).toMatch(problem);
    expect(error.message).not.toContain('\n');
  });
});

describe('BINANCE_STREAMS and the stream settings', () => {
  const base = { EXCHANGE_MODE: 'paper' };
  it('are on by default, with Binance-safe keepalive and renewal', () => {
    expect(parseEnv(base).streams).toEqual({
      enabled: true,
      url: undefined,
      keepAliveMs: 1_800_000,
      renewAfterMs: 82_800_000,
      backfillEveryMs: 300_000,
      stateFromStreams: true,
      silenceLimitMs: 10_000,
      markPriceMaxAgeMs: 5000,
    });
  });
  it('trade on the streamed account state unless ACCOUNT_STATE=rest', () => {
    expect(parseEnv({ ...base, ACCOUNT_STATE: 'rest' }).streams.stateFromStreams).toBe(false);
    expect(() => parseEnv({ ...base, ACCOUNT_STATE: 'cache' })).toThrow('ACCOUNT_STATE');
    expect(() => parseEnv({ ...base, MARK_PRICE_MAX_AGE_MS: '500' })).toThrow('MARK_PRICE_MAX_AGE_MS');
  });
  it('can be turned off, and refuse anything but on/off', () => {
    expect(parseEnv({ ...base, BINANCE_STREAMS: 'OFF' }).streams.enabled).toBe(false);
    expect(() => parseEnv({ ...base, BINANCE_STREAMS: 'no' })).toThrow('BINANCE_STREAMS must be on or off');
  });
  it('refuse a keepalive longer than 50 minutes and a non-WebSocket URL', () => {
    expect(() => parseEnv({ ...base, BINANCE_LISTEN_KEY_KEEPALIVE_MS: '3600000' })).toThrow(
      'BINANCE_LISTEN_KEY_KEEPALIVE_MS',
    );
    expect(() => parseEnv({ ...base, BINANCE_STREAM_URL: 'https://fstream.binance.com' })).toThrow(
      'BINANCE_STREAM_URL must use ws or wss',
    );
    expect(parseEnv({ ...base, BINANCE_STREAM_URL: 'wss://example.test/' }).streams.url).toBe('wss://example.test');
  });
});
