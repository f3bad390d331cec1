/**
 * A bounded flood of unauthenticated requests (64 KB bodies, many at once,
 * one address, the webhook limit off so that every request reaches the
 * database path) with correctly signed alerts sent in the middle of it.
 * Reports what each stranger's request added to the database, and proves
 * every signed alert was executed and recorded. Then the same flood with the
 * default webhook limit on: the signed alerts still go through.
 */
import { recordChaosFigures } from '../support/chaos-figures';
import { orderRequestsTo } from '../support/fake-state';
import { allSettled, orderRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';
import { SignalJournal } from '../../src/journal/signal-journal';

const FLOOD = Number(process.env.CHAOS_FLOOD ?? 300);
const IN_FLIGHT = 16;
const SIGNED = 6;
const ADVANCED = '/api/binance/advanced-trading-webhook';
const STRANGER_BODY = JSON.stringify({
  symbol: 'BTCUSDT',
  action: 'buy',
  balance_percentage: 1,
  leverage: 20,
  padding: 'p'.repeat(63 * 1024),
});
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT', 'BNBUSDT'];

async function tableBytes(url: string): Promise<number> {
  await query(url, 'CHECKPOINT').catch(() => undefined);
  const [{ bytes }] = await query<{ bytes: string }>(
    url,
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid ` +
      `= c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
  );
  return Number(bytes);
}

interface FloodResult {
  statuses: Map<number, number>;
  signed: Array<{ status: number; id?: string; symbol: string }>;
}

/** FLOOD stranger requests, IN_FLIGHT at a time, with SIGNED signed alerts spread through them. */
async function flood(t: TradingTestApp): Promise<FloodResult> {
  const statuses = new Map<number, number>();
  const signed: FloodResult['signed'] = [];
  const signedAt = new Set(Array.from({ length: SIGNED }, (_, i) => Math.floor(((i + 1) * FLOOD) / (SIGNED + 1))));
  let next = 0;
  const pending: Array<Promise<void>> = [];
  const worker = async () => {
    while (next < FLOOD) {
      const i = next++;
      if (signedAt.has(i)) {
        const symbol = SYMBOLS[signed.length % SYMBOLS.length];
        const entry = { status: 0, symbol } as FloodResult['signed'][number];
        signed.push(entry);
        pending.push(
          t.http
            .post(ADVANCED)
            .send({ symbol, action: 'buy', balance_percentage: 0.05, leverage: 5 })
            .then((res) => {
              Object.assign(entry, { status: res.status, id: res.body.id });
            }),
        );
      }
      const res = await t.raw.post(ADVANCED).set('Content-Type', 'text/plain').send(STRANGER_BODY);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await Promise.all(pending);
  return { statuses, signed };
}

/** Signed alerts not answered 200, or without an EXECUTED row and its order. */
async function lost(t: TradingTestApp, signed: FloodResult['signed']): Promise<number> {
  let missing = 0;
  for (const alert of signed) {
    if (alert.status !== 200 || !alert.id) {
      missing++;
      continue;
    }
    const row = await signalRow(t.db.url, alert.id);
    const orders = await orderRows(t.db.url, alert.id);
    if (row.status !== 'EXECUTED' || orders.length !== 1) missing++;
  }
  return missing;
}

describe('unauthenticated flood with signed alerts in it', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    // The production defaults for what is kept; the webhook limit off so every request reaches the database path.
    t = await createTradingApp(
      { LOG_LEVEL: 'error', WEBHOOK_RATE_LIMIT_PER_MINUTE: '0', UNAUTHENTICATED_RECORDS_PER_HOUR: '20' },
      'flood',
    );
  });
  afterAll(() => t.close());

  it(`absorbs ${FLOOD} unauthenticated 64 KB requests at a bounded cost and executes every signed alert`, async () => {
    const before = await tableBytes(t.db.url);
    const { statuses, signed } = await flood(t);
    await t.app.get(SignalJournal).settled();
    await allSettled(t.db.url);
    const growth = Math.max(0, (await tableBytes(t.db.url)) - before);
    const signedLost = await lost(t, signed);
    const serverErrors = [...statuses.entries()]
      .filter(([status]) => status >= 500)
      .reduce((n, [, count]) => n + count, 0);
    const [{ stored }] = await query<{ stored: string }>(
      t.db.url,
      `SELECT count(*) AS stored FROM "Signal" WHERE NOT authenticated`,
    );
    const [tally] = await query<{ count: number; notStored: number }>(
      t.db.url,
      `SELECT count, "notStored" FROM "RequestTally" WHERE kind = 'UNAUTHENTICATED'`,
    );
    const strangerOrders = orderRequestsTo(t.fake).length - signed.length;
    recordChaosFigures('unauthenticated-flood', {
      inputsTried: FLOOD + signed.length,
      floodRequests: FLOOD,
      floodDatabaseBytes: growth,
      serverErrors,
      ordersFromBadInput: Math.max(0, strangerOrders),
      recordsMissing: FLOOD - (tally?.count ?? 0),
      signedAlertsLost: signedLost,
    });
    process.stdout.write(
      `flood: ${FLOOD} requests, ${growth} bytes of table growth (${Math.round(growth / FLOOD)} per request), ` +
        `${stored} stored\n`,
    );
    expect(statuses.get(401)).toBe(FLOOD);
    expect(Number(stored)).toBe(20);
    expect(tally).toEqual({ count: FLOOD, notStored: FLOOD - 20 });
    expect(signedLost).toBe(0);
    expect(strangerOrders).toBe(0);
    // A stored 64 KB body would be 64 KB per request; the bound is a few hundred bytes.
    expect(growth / FLOOD).toBeLessThan(4096);
  }, 300_000);
});

describe('unauthenticated flood against the default webhook limit', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp(
      { LOG_LEVEL: 'error', WEBHOOK_RATE_LIMIT_PER_MINUTE: '60', UNAUTHENTICATED_RECORDS_PER_HOUR: '20' },
      'floodlimit',
    );
  });
  afterAll(() => t.close());

  it('throttles the stranger and still executes every signed alert from the same address', async () => {
    const { statuses, signed } = await flood(t);
    await allSettled(t.db.url);
    const signedLost = await lost(t, signed);
    recordChaosFigures('unauthenticated-flood-limited', {
      inputsTried: FLOOD + signed.length,
      serverErrors: [...statuses.entries()].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0),
      signedAlertsLost: signedLost,
    });
    // 60 a minute get through (401), the rest are throttled (a flood longer than a minute gets 60 more).
    expect((statuses.get(401) ?? 0) + (statuses.get(429) ?? 0)).toBe(FLOOD);
    expect(statuses.get(401)! % 60 === 0 || statuses.get(401)! < 60 * 2).toBe(true);
    expect(statuses.get(429)).toBeGreaterThan(0);
    expect(signedLost).toBe(0);
    const [{ throttled }] = await query<{ throttled: string }>(
      t.db.url,
      `SELECT coalesce(sum(count), 0) AS throttled FROM "RequestTally" WHERE kind = 'THROTTLED_WEBHOOK'`,
    );
    expect(Number(throttled)).toBe(statuses.get(429));
  }, 300_000);
});
