/**
 * Hostile and broken input, thousands of times, on every webhook route:
 * random text, any JSON, wrong types, huge numbers, NaN/Infinity strings,
 * exponents, unicode and control characters, deep nesting, arrays, empty and
 * truncated bodies, wrong content types, fields the service does not support
 * and typos of the ones it does, broken partial exits and target positions,
 * the secret itself hidden in hostile places. Never a 5xx, never an order,
 * always a recorded rejection with a clear message; then every table and the
 * log swept for the secrets, and the rejected signals replayed by the admin:
 * still no order.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { SignalJournal } from '../../src/journal/signal-journal';
import { SIGNAL_FIELDS } from '../../src/webhook/signal-fields';
import { badProtection } from './bad-protection';
import { recordChaosFigures, secretsFoundIn } from '../support/chaos-figures';
import { orderRequestsTo } from '../support/fake-state';
import { allSettled, everyTableText } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

const RUNS = Number(process.env.CHAOS_RUNS ?? 400);
const SECRET = 'fuzz-hook-secret-7c1d9e2a';
const ADMIN = 'fuzz-admin-token-4b8f0a3c6d';
/** Rejected signals replayed after the fuzz (a sample when there are more). */
const REPLAYS = Math.min(RUNS, 400);
const ROUTES = [
  '/api/binance/advanced-trading-webhook',
  '/api/tradingview/binance/advanced-trading-webhook',
  '/api/binance/state-aware-ma-cross-webhook',
  '/api/tradingview/binance/state-aware-ma-cross-webhook',
];
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/xml',
];

const junkNumber = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e-1', '1E3', '0x10', '', ' ', '1,5', '٣', '1.2.3', '+-1', '∞'),
  // Percentages out of range or malformed ("25%" itself is a valid balance_percentage).
  fc.constantFrom('250%', '0.5%', '%', '25 %x'),
  fc.constantFrom(0, -1, 1.0000001, 126, 1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE),
  fc.double({ noNaN: false }).filter((n) => !(n >= 0.01 && n <= 1)),
  fc.constantFrom(null, true, [], {}, [0.5], { value: 0.5 }),
);
const junkSymbol = fc
  .oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom(
      '\u0000BTCUSDT',
      'BTC\nUSDT',
      'BTCUSDT\u202e',
      '🚀USDT',
      'BTC USDX',
      'x'.repeat(5000),
      '\'; DROP TABLE "Signal"; --',
      '../../etc/passwd',
      '{{ticker}}',
    ),
    fc.constantFrom(123, null, [], { symbol: 'BTCUSDT' }, true),
  )
  .filter(
    (s) => typeof s !== 'string' || !/^(btc|eth|sol|xrp|doge|bnb|ada|link|ltc|1000pepe)(usdt)?(\.p)?$/i.test(s.trim()),
  );

const ACTION_WORDS = ['buy', 'sell', 'close', 'exit', 'long', 'short', 'flat'];

/** A signal with at least one field that must be refused. */
const brokenSignal = fc
  .record({
    symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT'),
    action: fc.constantFrom('buy', 'sell'),
    balance_percentage: fc.constantFrom(0.1, '0.1'),
    leverage: fc.constantFrom(5, '5'),
    which: fc.constantFrom('symbol', 'action', 'balance_percentage', 'leverage', 'entry'),
    symbolJunk: junkSymbol,
    actionJunk: fc.oneof(
      fc.string({ maxLength: 20 }).filter((a) => !ACTION_WORDS.includes(a.trim().toLowerCase())),
      fc.constantFrom(1, null, ['buy']),
    ),
    numberJunk: junkNumber,
  })
  .map(({ which, symbolJunk, actionJunk, numberJunk, ...signal }) => {
    const broken: Record<string, unknown> = { ...signal };
    if (which === 'symbol') broken.symbol = symbolJunk;
    if (which === 'action') broken.action = actionJunk;
    if (which === 'balance_percentage') broken.balance_percentage = numberJunk;
    if (which === 'leverage')
      broken.leverage =
        typeof numberJunk === 'number' && Number.isInteger(numberJunk) && numberJunk >= 1 && numberJunk <= 125
          ? 0
          : numberJunk;
    // (JSON turns NaN and ±Infinity into null, which means "no entry": send them as text.)
    if (which === 'entry')
      broken.entry =
        typeof numberJunk === 'number'
          ? !Number.isFinite(numberJunk)
            ? String(numberJunk)
            : numberJunk > 0
              ? -(numberJunk as number)
              : numberJunk
          : numberJunk === null
            ? 'null'
            : numberJunk;
    return JSON.stringify(broken);
  });

/** A valid signal plus a field the service must refuse: one it does not support yet, or a typo of a known one. */
const UNSUPPORTED = Object.entries(SIGNAL_FIELDS)
  .filter(([, field]) => field.support === 'unsupported')
  .map(([name]) => name);
const TYPOS = ['levrage', 'leverge', 'Leverage', 'margin_mode', 'marginType', 'balance_percent', 'balancePercentage'];
TYPOS.push('Symbol', 'acton', 'symbl', 'stoploss', 'takeProfit');
const refusedField = fc
  .record({
    symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT', 'BTCUSDT.P'),
    action: fc.constantFrom('buy', 'sell', 'close', 'long', 'exit'),
    balance_percentage: fc.constantFrom(0.1, '0.1', '10%'),
    leverage: fc.constantFrom(5, '5'),
    field: fc.constantFrom(...UNSUPPORTED, ...TYPOS),
    // Never a value that asks for nothing (null, "", false, "MARKET"): those are let through as ignored.
    value: fc.oneof(
      fc.integer({ min: -5, max: 100_000 }),
      fc.constantFrom('LIMIT', 'true', true, 49000.5, '49000', [1], { price: 1 }, 'GTC', 'LONG'),
    ),
  })
  .map(({ field, value, ...signal }) => JSON.stringify({ ...signal, [field]: value }));

/** A quantity or percentage no partial exit or target accepts (never null: that means "not given"). */
const junkAmount = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-1', '1e3', 'abc', '', ' ', '0x10', '1,5', '%', '150%', '-5%', '∞'),
  fc.constantFrom(0, -0.5, -1, 1e10, 2 ** 53 + 1, Number.MIN_VALUE, true, [1], { value: 1 }),
);
const POSITION_WORDS = ['long', 'short', 'flat'];

/** Partial exits and target positions that must be refused before any order. */
const brokenTarget = fc
  .record({
    symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT'),
    kind: fc.constantFrom(
      'market_position',
      'market_position_size',
      'prev_market_position',
      'close_percentage',
      'close_quantity',
      'action_and_target',
      'partial_on_buy',
      'both_partials',
      'flat_with_size',
      'size_and_balance',
      'percentage_above_100',
    ),
    word: fc.oneof(
      fc.string({ maxLength: 12 }).filter((w) => w.trim() !== '' && !POSITION_WORDS.includes(w.trim().toLowerCase())),
      fc.constantFrom(1, true, ['long'], { position: 'long' }),
    ),
    amount: junkAmount,
    above: fc.double({ min: 100.0001, max: 1e6, noNaN: true }),
  })
  .map(({ symbol, kind, word, amount, above }) => {
    const target = { symbol, market_position: 'long', market_position_size: 0.01 };
    const close = { symbol, action: 'close' };
    const bodies: Record<string, Record<string, unknown>> = {
      market_position: { ...target, market_position: word },
      market_position_size: { ...target, market_position_size: amount },
      prev_market_position: { ...target, prev_market_position: word },
      close_percentage: { ...close, close_percentage: amount },
      // Any positive close_quantity is valid (above the position it closes all of it).
      close_quantity: {
        ...close,
        close_quantity: typeof amount === 'number' && amount > 0 ? -(amount as number) : amount,
      },
      action_and_target: { ...target, action: 'buy' },
      partial_on_buy: { symbol, action: 'buy', balance_percentage: 0.1, leverage: 5, close_percentage: 50 },
      both_partials: { ...close, close_percentage: 50, close_quantity: 0.01 },
      flat_with_size: { symbol, market_position: 'flat', market_position_size: 1 },
      size_and_balance: { ...target, balance_percentage: 0.1, leverage: 5 },
      percentage_above_100: { ...close, close_percentage: above },
    };
    return JSON.stringify(bodies[kind]);
  });

const deepNesting = fc.integer({ min: 50, max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
const truncated = fc
  .tuple(
    fc.constant('{"symbol":"BTCUSDT","action":"buy","balance_percentage":0.1,"leverage":5,"entry":50000}'),
    fc.integer({ min: 0, max: 80 }),
  )
  .map(([json, cut]) => json.slice(0, cut));

/** The secret where it does not authenticate, or beside a refusal: it must be stored nowhere. */
const secretInside = fc.oneof(
  fc.tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 })).map(([a, b]) => `${a}${SECRET}${b}`),
  fc.integer({ min: 0, max: 2100 }).map((n) => `${'x'.repeat(n)}${SECRET}`),
  brokenSignal.map((b) => JSON.stringify({ ...JSON.parse(b), secret: SECRET })),
  brokenSignal.map((b) => JSON.stringify({ ...JSON.parse(b), note: `key ${SECRET}`, passphrase: `${SECRET}-wrong` })),
  fc.constantFrom(
    `{"symbol":"${SECRET}","action":"buy","secret":"${SECRET}"}`,
    `${SECRET} {`,
    `{"a": ${SECRET}}`,
    `{"secret":"${SECRET}","x":${'['.repeat(40)}${']'.repeat(40)}}`,
  ),
);

const body = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.json({ maxDepth: 4 }).filter((j) => !j.includes('"action"')),
  fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
  brokenSignal,
  brokenSignal,
  refusedField,
  brokenTarget,
  brokenTarget,
  badProtection,
  badProtection,
  deepNesting,
  truncated,
  fc.constantFrom(
    '',
    ' ',
    'null',
    '[]',
    '{}',
    '"buy"',
    '0',
    'true',
    '\uFEFF',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
  ),
  secretInside,
);

describe('webhook fuzz', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ LOG_LEVEL: 'info', WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: ADMIN }, 'fuzz');
  });
  afterAll(() => t.close());

  it(`answers ${RUNS} hostile bodies with a recorded 4xx and no order`, async () => {
    let tried = 0;
    let serverErrors = 0;
    const ids = new Set<string>();
    const noId: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...CONTENT_TYPES),
        fc.boolean(),
        async (text, route, contentType, withToken) => {
          tried++;
          const request = (withToken ? t.http : t.raw).post(route).set('Content-Type', contentType);
          const res = await request.send(text);
          if (res.status >= 500) serverErrors++;
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(res.body.success).toBe(false);
          expect(typeof res.body.error).toBe('string');
          expect(res.body.error.length).toBeGreaterThan(5);
          expect(res.text).not.toMatch(/\n\s+at |node_modules|\/work\//);
          if (res.body.id) ids.add(res.body.id);
          else
            noId.push(`${res.status} ${contentType} ${JSON.stringify(text).slice(0, 80)} → ${res.text.slice(0, 120)}`);
        },
      ),
      { numRuns: RUNS },
    );
    await t.app.get(SignalJournal).settled();
    await allSettled(t.db.url);
    const rows = await query<{ id: string; status: string; errorMessage: string | null }>(
      t.db.url,
      'SELECT id, status, "errorMessage" FROM "Signal"',
    );
    const recorded = new Map(rows.map((r) => [r.id, r]));
    const missing = [...ids].filter((id) => !recorded.has(id)).length;

    // The admin replays rejected signals: those that failed authentication are
    // refused (409), the others are refused again for their fields. No order.
    const replayed = rows.slice(0, REPLAYS);
    const replayAnswers: Array<{ status: number; inner?: number }> = [];
    for (const row of replayed) {
      const res = await t.http.post(`/api/admin/signals/${row.id}/replay`).set('Authorization', `Bearer ${ADMIN}`);
      if (res.status >= 500) serverErrors++;
      replayAnswers.push({ status: res.status, inner: res.body.http_status });
    }
    await t.app.get(SignalJournal).settled();
    await allSettled(t.db.url);
    const orders = orderRequestsTo(t.fake).length;

    // Every table and the log, swept for any 8 characters of a secret.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const secretsFound = secretsFoundIn(
      [await everyTableText(t.db.url), readFileSync(t.logFile, 'utf8')],
      [SECRET, ADMIN, t.env.BINANCE_API_SECRET],
    );

    recordChaosFigures('webhook-fuzz', {
      inputsTried: tried + replayed.length,
      serverErrors,
      ordersFromBadInput: orders,
      recordsMissing: missing + Math.max(0, tried - rows.length),
      secretsFound,
    });
    expect(noId).toEqual([]);
    expect(rows.length).toBe(tried);
    expect(rows.every((r) => r.status === 'REJECTED' && (r.errorMessage ?? '').length > 5)).toBe(true);
    expect(missing).toBe(0);
    expect(
      replayAnswers.every((a) => a.status === 409 || (a.status === 200 && a.inner! >= 400 && a.inner! < 500)),
    ).toBe(true);
    expect(replayAnswers.some((a) => a.status === 409)).toBe(true);
    expect(orders).toBe(0);
    expect(secretsFound).toBe(0);
  }, 600_000);
});
