/**
 * The service's whole configuration, parsed and validated once at boot from the
 * environment. Everything else reads this typed object, never process.env.
 */
import Decimal from 'decimal.js';
import { MARGIN_TYPES, MarginType } from '../common/margin-types';
import { isIP } from 'node:net';
import { readTlsFiles, TlsFiles } from './tls-files';
import { NotificationConfig, parseNotificationConfig } from './notification-config';
import { ConfigError, Env, integer, oneOf, read, url } from './env-readers';
import { parseStreamConfig, StreamConfig } from './stream-config';

export type ExchangeMode = 'paper' | 'testnet' | 'live';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** How logs reach stdout: auto = human-readable on a terminal, JSON lines otherwise. */
export type LogStdout = 'auto' | 'pretty' | 'json' | 'off';
export type SizingBalance = 'wallet' | 'available';
/** Who may read Swagger UI and the OpenAPI document. */
export type ApiDocsAccess = 'public' | 'admin' | 'off';

export interface AppConfig {
  /** Address the HTTP(S) server binds to. */
  host: string;
  port: number;
  /** Serve HTTPS directly with these; undefined = plain HTTP (e.g. behind a proxy). */
  tls?: TlsFiles;
  /** Postgres URL; undefined means "start the embedded Postgres". */
  databaseUrl?: string;
  /** A role allowed to change the schema, for migrations only (DATABASE_URL then needs no DDL rights). */
  databaseMigrationUrl?: string;
  dataDir: string;
  embeddedPostgresPort: number;
  exchangeMode: ExchangeMode;
  binanceApiKey?: string;
  binanceApiSecret?: string;
  binanceFuturesUrl?: string;
  binanceRecvWindowMs: number;
  /** recvWindow of order placements: after a lost answer, how long the order may still execute. */
  binanceOrderRecvWindowMs: number;
  binanceTimeoutMs: number;
  symbolRulesRefreshMs: number;
  paperBalanceUsdt: Decimal;
  /** Public market data for paper fills; undefined when disabled. */
  paperMarketDataUrl?: string;
  webhookSecret?: string;
  adminToken?: string;
  /** 32-byte key for the credentials stored through /api/binance/config. */
  configEncryptionKey?: Buffer;
  defaultMarginType: MarginType;
  sizingBalance: SizingBalance;
  logLevel: LogLevel;
  logFile: string;
  logStdout: LogStdout;
  /** Addresses allowed to call the webhooks; undefined = anyone (with the secret). */
  webhookIpAllowlist?: string[];
  /** Express "trust proxy": false, a hop count, or proxy addresses / CIDRs / "loopback". Never `true`. */
  trustProxy: false | number | string[];
  /** Same body on the same route within this window is a duplicate (0 = off). */
  dedupWindowMs: number;
  /** Unauthenticated webhook requests per minute per client address (0 = off); signed alerts are not counted. */
  webhookRateLimitPerMinute: number;
  /** Admin API requests per minute per client address (0 = off). */
  adminRateLimitPerMinute: number;
  /** Unauthenticated webhook requests stored per address and hour; past it they are only counted. */
  unauthenticatedRecordsPerHour: number;
  /** Rejected signals older than this many days are deleted in the background (0 = kept forever). */
  rejectedRetentionDays: number;
  /** Swagger UI and /api/docs-json: public, behind the admin token, or off. */
  apiDocs: ApiDocsAccess;
  /** The dashboard's built files (DASHBOARD_DIR); undefined = web/dist of this install. */
  dashboardDir?: string;
  /** Longest pause after Binance rate limits us without saying for how long. */
  exchangePauseMaxMs: number;
  /** Binance's request weight per minute for this server's IP, shared by every account (bot fan-outs pace to it). */
  binanceWeightPerMinute: number;
  /** Origins allowed by CORS; none by default. */
  corsOrigins: string[];
  /** A signal still processing after this long was interrupted (crash) and is settled from the exchange. */
  recoveryAfterMs: number;
  /** Telegram, Discord and signed-webhook channels, delivery timings and the daily summary. */
  notifications: NotificationConfig;
  /** Binance's account streams: on/off, host, keepalive and renewal. */
  streams: StreamConfig;
  /** Alerts whose `time` is older than this many seconds are refused (0 = off; `max_age_s` per alert). */
  maxSignalAgeS: number;
  /** When protection cannot be placed after the entry filled: flatten the position (close) or keep it unprotected. */
  protectionFailure: ProtectionFailureAction;
  /** How often open protection is checked for fills (break-even, ladder follow-ups, cleanup); 0 = never. */
  protectionPollMs: number;
}

export type ProtectionFailureAction = 'close' | 'keep';

/** TradingView's published webhook sender addresses. */
export const TRADINGVIEW_ADDRESSES = ['52.89.214.238', '34.212.75.30', '54.218.53.128', '52.32.178.7'];

function positiveDecimal(env: Env, name: string, fallback: string): Decimal {
  const raw = read(env, name) ?? fallback;
  if (!/^\d+(\.\d+)?$/.test(raw) || new Decimal(raw).lte(0)) {
    throw new ConfigError(name, `must be a positive decimal number (got "${raw}")`);
  }
  return new Decimal(raw);
}

/**
 * 32 random bytes almost always hold about 30 distinct byte values; fewer than
 * 16 means a made-up key (64 zeros, a repeated pattern, a padded word).
 */
const MIN_DISTINCT_KEY_BYTES = 16;

function encryptionKey(env: Env, name: string): Buffer | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32)
    throw new ConfigError(name, 'must be 32 bytes, as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)');
  const distinct = new Set(key).size;
  if (distinct < MIN_DISTINCT_KEY_BYTES) {
    const advice = 'generate a random one with `openssl rand -hex 32`';
    throw new ConfigError(name, `is too weak (only ${distinct} distinct byte values): ${advice}`);
  }
  return key;
}

function secret(env: Env, name: string, minLength: number): string | undefined {
  const value = read(env, name);
  if (value !== undefined && value.length < minLength) {
    throw new ConfigError(name, `must be at least ${minLength} characters long`);
  }
  return value;
}

function addressList(env: Env, name: string): string[] | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const addresses = items.flatMap((item) => (item.toLowerCase() === 'tradingview' ? TRADINGVIEW_ADDRESSES : [item]));
  const bad = addresses.find((a) => !/^[0-9a-fA-F:.]+$/.test(a));
  if (bad)
    throw new ConfigError(name, `must be a comma-separated list of IP addresses or "tradingview" (got "${bad}")`);
  return addresses;
}

/** An IPv4/IPv6 address, optionally with a /prefix in range for its family. */
function isAddressOrCidr(item: string): boolean {
  const [address, prefix, extra] = item.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** An IP address or a host name (`localhost`); listen() resolves names. */
function bindAddress(env: Env): string {
  const raw = read(env, 'HOST') ?? '0.0.0.0';
  const label = '[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?';
  if (isIP(raw) === 0 && !new RegExp(`^${label}(\\.${label})*$`).test(raw)) {
    throw new ConfigError('HOST', `must be an address or host name, e.g. 127.0.0.1, 0.0.0.0 or :: (got "${raw}")`);
  }
  return raw;
}

function tlsFiles(env: Env): TlsFiles | undefined {
  const certFile = read(env, 'TLS_CERT_FILE');
  const keyFile = read(env, 'TLS_KEY_FILE');
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined) throw new ConfigError('TLS_CERT_FILE', 'is required when TLS_KEY_FILE is set');
  if (keyFile === undefined) throw new ConfigError('TLS_KEY_FILE', 'is required when TLS_CERT_FILE is set');
  return readTlsFiles(certFile, keyFile);
}

/**
 * Which proxies may tell us the client's address (X-Forwarded-For). `true`
 * would believe any sender's header, so anyone could pick the address the
 * allowlist and the rate limit see: it is refused with the safe alternatives.
 */
function trustProxy(env: Env): false | number | string[] {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') {
    throw new ConfigError(
      'TRUST_PROXY',
      'must not be "true": it would trust any X-Forwarded-For header, so any sender could choose its address; ' +
        'set the number of proxies in front of the service (e.g. 1), their addresses or CIDRs, or "loopback"',
    );
  }
  if (/^\d+$/.test(raw)) {
    if (Number(raw) < 1 || Number(raw) > 10) {
      throw new ConfigError('TRUST_PROXY', `hop count must be from 1 to 10 (got "${raw}")`);
    }
    return Number(raw);
  }
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = items.find((item) => item.toLowerCase() !== 'loopback' && !isAddressOrCidr(item));
  if (bad !== undefined || items.length === 0) {
    const allowed = 'must be false, a hop count, "loopback" or a list of proxy addresses / CIDRs';
    throw new ConfigError('TRUST_PROXY', `${allowed} (got "${bad ?? raw}")`);
  }
  return items.map((item) => (item.toLowerCase() === 'loopback' ? 'loopback' : item));
}

const API_DOCS_ACCESS: readonly ApiDocsAccess[] = ['public', 'admin', 'off'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseEnv(env: Env): AppConfig {
  const binanceApiKey = read(env, 'BINANCE_API_KEY');
  const binanceApiSecret = read(env, 'BINANCE_API_SECRET');
  if ((binanceApiKey === undefined) !== (binanceApiSecret === undefined)) {
    const missing = binanceApiKey === undefined ? 'BINANCE_API_KEY' : 'BINANCE_API_SECRET';
    throw new ConfigError(missing, 'is required when the other Binance API credential is set');
  }
  const hasKeys = binanceApiKey !== undefined;
  // With keys but no explicit mode we refuse rather than guess: guessing "live"
  // could trade real money by accident, guessing "paper" would silently not trade.
  if (hasKeys && read(env, 'EXCHANGE_MODE') === undefined) {
    throw new ConfigError('EXCHANGE_MODE', 'must be set to testnet or live when Binance API keys are set');
  }
  const exchangeMode = oneOf<ExchangeMode>(env, 'EXCHANGE_MODE', ['paper', 'testnet', 'live'], 'paper', (s) =>
    s.toLowerCase(),
  );
  if (exchangeMode !== 'paper' && !hasKeys) {
    throw new ConfigError('BINANCE_API_KEY', `is required when EXCHANGE_MODE is ${exchangeMode}`);
  }
  const webhookSecret = secret(env, 'WEBHOOK_SECRET', 8);
  const adminToken = secret(env, 'ADMIN_TOKEN', 16);
  if (exchangeMode !== 'paper' && webhookSecret === undefined) {
    throw new ConfigError(
      'WEBHOOK_SECRET',
      `is required when EXCHANGE_MODE is ${exchangeMode}: the webhook URL would let anyone trade`,
    );
  }
  if (exchangeMode !== 'paper' && adminToken === undefined) {
    throw new ConfigError('ADMIN_TOKEN', `is required when EXCHANGE_MODE is ${exchangeMode}`);
  }

  // One RATE_LIMIT_PER_MINUTE sets both limits; the specific variables override it.
  const rateLimit = integer(env, 'RATE_LIMIT_PER_MINUTE', -1, 0, 1_000_000);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  const databaseMigrationUrl = url(env, 'DATABASE_MIGRATION_URL', ['postgres', 'postgresql']);
  const defaultApiDocs: ApiDocsAccess = exchangeMode === 'paper' ? 'public' : 'admin';
  if (databaseMigrationUrl && !databaseUrl) {
    throw new ConfigError('DATABASE_MIGRATION_URL', 'needs DATABASE_URL (the embedded Postgres manages its own roles)');
  }

  return {
    host: bindAddress(env),
    port: integer(env, 'PORT', 3000, 0, 65535),
    tls: tlsFiles(env),
    databaseUrl,
    databaseMigrationUrl,
    dataDir: read(env, 'DATA_DIR') ?? '.data',
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 0, 65535),
    exchangeMode,
    binanceApiKey,
    binanceApiSecret,
    binanceFuturesUrl: url(env, 'BINANCE_FUTURES_URL', ['http', 'https']),
    binanceRecvWindowMs: integer(env, 'BINANCE_RECV_WINDOW_MS', 5000, 1, 60000),
    binanceOrderRecvWindowMs: integer(env, 'BINANCE_ORDER_RECV_WINDOW_MS', 1000, 100, 10000),
    binanceTimeoutMs: integer(env, 'BINANCE_TIMEOUT_MS', 2500, 100, 60000),
    symbolRulesRefreshMs: integer(env, 'SYMBOL_RULES_REFRESH_MS', 3_600_000, 1000, 86_400_000),
    paperBalanceUsdt: positiveDecimal(env, 'PAPER_BALANCE_USDT', '10000'),
    paperMarketDataUrl:
      read(env, 'PAPER_MARKET_DATA_URL')?.toLowerCase() === 'off'
        ? undefined
        : (url(env, 'PAPER_MARKET_DATA_URL', ['http', 'https']) ?? 'https://fapi.binance.com'),
    webhookSecret,
    adminToken,
    configEncryptionKey: encryptionKey(env, 'CONFIG_ENCRYPTION_KEY'),
    defaultMarginType: oneOf<MarginType>(env, 'DEFAULT_MARGIN_TYPE', MARGIN_TYPES, 'ISOLATED', (s) => s.toUpperCase()),
    sizingBalance: oneOf<SizingBalance>(env, 'SIZING_BALANCE', ['wallet', 'available'], 'wallet', (s) =>
      s.toLowerCase(),
    ),
    logLevel: oneOf<LogLevel>(env, 'LOG_LEVEL', LOG_LEVELS, 'info', (s) => s.toLowerCase()),
    logFile: read(env, 'LOG_FILE') ?? 'trading_system.log',
    logStdout: oneOf<LogStdout>(env, 'LOG_STDOUT', ['auto', 'pretty', 'json', 'off'], 'auto', (s) => s.toLowerCase()),
    webhookIpAllowlist: addressList(env, 'WEBHOOK_IP_ALLOWLIST'),
    trustProxy: trustProxy(env),
    dedupWindowMs: integer(env, 'DEDUP_WINDOW_MS', 5000, 0, 3_600_000),
    webhookRateLimitPerMinute: integer(env, 'WEBHOOK_RATE_LIMIT_PER_MINUTE', rateLimit >= 0 ? rateLimit : 60, 0, 1e6),
    adminRateLimitPerMinute: integer(env, 'ADMIN_RATE_LIMIT_PER_MINUTE', rateLimit >= 0 ? rateLimit : 300, 0, 1e6),
    unauthenticatedRecordsPerHour: integer(env, 'UNAUTHENTICATED_RECORDS_PER_HOUR', 20, 0, 1_000_000),
    rejectedRetentionDays: integer(env, 'REJECTED_RETENTION_DAYS', 30, 0, 36_500),
    apiDocs: oneOf<ApiDocsAccess>(env, 'API_DOCS', API_DOCS_ACCESS, defaultApiDocs, (s) => s.toLowerCase()),
    dashboardDir: read(env, 'DASHBOARD_DIR'),
    exchangePauseMaxMs: integer(env, 'EXCHANGE_PAUSE_MAX_MS', 60_000, 0, 600_000),
    binanceWeightPerMinute: integer(env, 'BINANCE_WEIGHT_PER_MINUTE', 2400, 100, 1_000_000),
    recoveryAfterMs: integer(env, 'RECOVERY_AFTER_MS', 15_000, 0, 3_600_000),
    maxSignalAgeS: integer(env, 'MAX_SIGNAL_AGE_S', 0, 0, 86_400),
    protectionFailure: oneOf<ProtectionFailureAction>(env, 'PROTECTION_FAILURE', ['close', 'keep'], 'close', (s) =>
      s.toLowerCase(),
    ),
    protectionPollMs: integer(env, 'PROTECTION_POLL_MS', 2000, 0, 3_600_000),
    corsOrigins:
      read(env, 'CORS_ORIGINS')
        ?.split(',')
        .map((o) => o.trim())
        .filter(Boolean) ?? [],
    notifications: parseNotificationConfig(env),
    streams: parseStreamConfig(env),
  };
}
