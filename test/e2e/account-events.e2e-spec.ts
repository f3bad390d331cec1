/**
 * Account events in Postgres against the fake Binance: fills of our signals
 * (tied to the signal), of orders made outside tvbridge, funding fees,
 * liquidations and auto-deleveraging, conditional-order triggers and margin
 * calls, each recorded once; back-fill from trade and income history after
 * an outage, without duplicates; two instances on one account; the PnL API
 * and the events in a signal's detail.
 */
import Decimal from 'decimal.js';
import { AccountEventsFeed } from '../../src/account-events/account-events.feed';
import { AccountEventsRecorder } from '../../src/account-events/account-events.recorder';
import { AccountBackfillService } from '../../src/account-events/account-backfill.service';
import type { RecordedAccountEvent } from '../../src/account-events/account-events.repository';
import { ACCOUNT_STREAM, AccountStream } from '../../src/exchange/streams/account-stream.port';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { signedRequest } from '../support/signed-request';
import { eventually } from '../support/stream-client';
import { createTestApp, TestApp } from '../support/test-app';
import { query } from '../support/test-database';

const SECRET = 'events-secret';
const TOKEN = 'events-admin-token-0123456789';
const HOOK = `/api/binance/advanced-trading-webhook?token=${SECRET}`;

interface EventRow {
  eventKey: string;
  kind: string;
  origin: string;
  symbol: string | null;
  signalId: string | null;
  clientOrderId: string | null;
  tradeId: string | null;
  price: string | null;
  quantity: string | null;
  realizedPnl: string | null;
  commission: string | null;
  amount: string | null;
  source: string;
}

describe('account events', () => {
  let fake: FakeBinanceServer;
  let a: TestApp;
  let b: TestApp;
  let announced: RecordedAccountEvent[];

  beforeAll(async () => {
    fake = await startFakeBinance();
    const env = { ...liveModeAgainst(fake), WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: TOKEN, PROTECTION_POLL_MS: '0' };
    a = await createTestApp(env, 'events-a');
    // A second instance on the same database and account.
    b = await createTestApp({ ...env, DATABASE_URL: a.env.DATABASE_URL }, 'events-b');
    announced = [];
    for (const app of [a, b]) app.app.get(AccountEventsFeed).events$.subscribe((e) => announced.push(e));
    for (const app of [a, b]) await eventually(() => streamOf(app).health().connected, 5000, 'streams connected');
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await fake.stop();
  });

  const streamOf = (app: TestApp) => app.app.get<AccountStream>(ACCOUNT_STREAM);
  const settled = async () => {
    await new Promise((r) => setTimeout(r, 150));
    for (const app of [a, b]) await app.app.get(AccountEventsRecorder).settled();
  };
  const rows = () =>
    query<EventRow>(
      a.env.DATABASE_URL,
      `SELECT "eventKey", kind, origin, symbol, "signalId", "clientOrderId", "tradeId", price::text, quantity::text,
        "realizedPnl"::text, commission::text, amount::text, source
        FROM "AccountEvent" ORDER BY "occurredAt", "eventKey"`,
    );
  const send = (body: object) => a.http.post(HOOK).send(body).expect(200);
  const fakeTrades = async (symbol: string) =>
    (await signedRequest(fake, 'GET', '/fapi/v1/userTrades', { symbol })).body as Array<{ id: number }>;
  const fills = async (symbol: string) =>
    (await rows()).filter((r) => r.symbol === symbol && ['FILL', 'LIQUIDATION', 'ADL'].includes(r.kind));

  it('records the fills of a signal, tied to it, once (two instances listen), and in its detail', async () => {
    const open = await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 });
    await control(fake, 'price', { symbol: 'BTCUSDT', price: '51000' });
    const close = await send({ symbol: 'BTCUSDT', action: 'close' });
    await settled();
    const recorded = await fills('BTCUSDT');
    const trades = await fakeTrades('BTCUSDT');
    expect(recorded.map((r) => r.tradeId).sort()).toEqual(trades.map((t) => String(t.id)).sort());
    expect(recorded).toHaveLength(2);
    const [opening, closing] = recorded;
    expect(opening).toMatchObject({
      kind: 'FILL',
      origin: 'TVBRIDGE',
      signalId: open.body.id,
      source: 'stream',
    });
    expect(opening.clientOrderId).toMatch(/^tvb_/);
    expect(closing).toMatchObject({
      origin: 'TVBRIDGE',
      signalId: close.body.id,
      price: '51000.000000000000000000',
    });
    const userTrades = (await signedRequest(fake, 'GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' })).body;
    expect(new Decimal(closing.realizedPnl!).eq(userTrades[1].realizedPnl)).toBe(true);
    expect(new Decimal(closing.commission!).eq(userTrades[1].commission)).toBe(true);
    // Announced once across the two instances.
    expect(announced.filter((e) => e.symbol === 'BTCUSDT')).toHaveLength(2);

    const detail = await a.http
      .get(`/api/admin/signals/${close.body.id}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(detail.body.account_events).toEqual([
      expect.objectContaining({
        kind: 'fill',
        origin: 'tvbridge',
        symbol: 'BTCUSDT',
        side: 'SELL',
        price: '51000',
        realized_pnl: new Decimal(closing.realizedPnl!).toFixed(),
        commission_asset: 'USDT',
        trade_id: closing.tradeId,
        source: 'stream',
      }),
    ]);
  });

  it('marks orders made outside tvbridge, funding fees, liquidations, ADL and margin calls', async () => {
    await signedRequest(fake, 'POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '1',
      newClientOrderId: 'manual-1',
    });
    await control(fake, 'funding', { symbol: 'ETHUSDT', rate: '0.0002' });
    await control(fake, 'margin-call', {});
    await control(fake, 'liquidate', { symbol: 'ETHUSDT' });
    await signedRequest(fake, 'POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '1',
    });
    await control(fake, 'liquidate', { symbol: 'ETHUSDT', adl: true });
    await eventually(async () => (await rows()).some((r) => r.kind === 'FUNDING_FEE'), 5000, 'funding back-filled');
    await settled();
    const eth = (await rows()).filter((r) => r.symbol === 'ETHUSDT');
    expect(eth.map((r) => [r.kind, r.origin])).toEqual(
      expect.arrayContaining([
        ['FILL', 'OUTSIDE'],
        ['FUNDING_FEE', 'BINANCE'],
        ['MARGIN_CALL', 'BINANCE'],
        ['LIQUIDATION', 'BINANCE'],
        ['ADL', 'BINANCE'],
      ]),
    );
    expect(eth).toHaveLength(6);
    expect(eth.every((r) => r.signalId === null)).toBe(true);
    const income = (await signedRequest(fake, 'GET', '/fapi/v1/income', { incomeType: 'FUNDING_FEE' })).body;
    const funding = eth.find((r) => r.kind === 'FUNDING_FEE')!;
    expect(funding).toMatchObject({ eventKey: `income:${income[0].tranId}`, source: 'backfill' });
    expect(new Decimal(funding.amount!).eq(income[0].income)).toBe(true);
    expect(eth.filter((r) => r.kind !== 'FUNDING_FEE').map((r) => r.tradeId ?? 'none')).not.toContain(undefined);
  });

  it("records a protective order's trigger and its fill under the signal that placed it", async () => {
    await control(fake, 'price', { symbol: 'SOLUSDT', price: '150' });
    const open = await send({ symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5, stop_loss: 140 });
    await control(fake, 'price', { symbol: 'SOLUSDT', price: '139' });
    await settled();
    const sol = (await rows()).filter((r) => r.symbol === 'SOLUSDT');
    expect(sol.map((r) => r.kind).sort()).toEqual(['CONDITIONAL_TRIGGER', 'FILL', 'FILL']);
    expect(sol.every((r) => r.signalId === open.body.id && r.origin === 'TVBRIDGE')).toBe(true);
    expect(sol.find((r) => r.kind === 'CONDITIONAL_TRIGGER')!.clientOrderId).toMatch(/^tvb_.*_sl/);
  });

  it('back-fills what a cut stream missed, from trade and income history, without duplicates', async () => {
    await control(fake, 'stream/delay', { ms: 400 });
    await send({ symbol: 'XRPUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 });
    await control(fake, 'stream/cut', {});
    await control(fake, 'stream/delay', { ms: 0 });
    await send({ symbol: 'XRPUSDT', action: 'close' });
    await signedRequest(fake, 'POST', '/fapi/v1/order', {
      symbol: 'XRPUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '10',
    });
    await eventually(async () => (await fills('XRPUSDT')).length === 3, 8000, 'back-filled');
    await settled();
    const xrp = await fills('XRPUSDT');
    expect(xrp.map((r) => r.tradeId).sort()).toEqual((await fakeTrades('XRPUSDT')).map((t) => String(t.id)).sort());
    expect(xrp.map((r) => r.origin)).toEqual(['TVBRIDGE', 'TVBRIDGE', 'OUTSIDE']);
    // A back-fill over everything again writes nothing.
    const again = await a.app.get(AccountBackfillService).request(new Date(Date.now() - 3_600_000));
    expect(again?.inserted).toBe(0);
    const keys = (await rows()).map((r) => r.eventKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('GET /api/admin/pnl: realised PnL, fees, funding and net per day and per symbol, exact', async () => {
    const all = await rows();
    const sum = (kinds: string[], field: 'realizedPnl' | 'commission' | 'amount', symbol?: string) =>
      all
        .filter((r) => kinds.includes(r.kind) && (!symbol || r.symbol === symbol) && r[field] !== null)
        .reduce((s, r) => s.add(r[field]!), new Decimal(0));
    const fillKinds = ['FILL', 'LIQUIDATION', 'ADL'];
    const bySymbol = await a.http
      .get('/api/admin/pnl?group=symbol')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    const btc = bySymbol.body.rows.find((r: { key: string }) => r.key === 'BTCUSDT');
    expect(btc).toEqual({
      key: 'BTCUSDT',
      realized_pnl: sum(fillKinds, 'realizedPnl', 'BTCUSDT').toFixed(),
      fees: sum(fillKinds, 'commission', 'BTCUSDT').toFixed(),
      funding: '0',
      net: sum(fillKinds, 'realizedPnl', 'BTCUSDT')
        .sub(sum(fillKinds, 'commission', 'BTCUSDT'))
        .toFixed(),
      trades: 1,
      wins: 1,
      losses: 0,
    });
    const eth = bySymbol.body.rows.find((r: { key: string }) => r.key === 'ETHUSDT');
    expect(eth.funding).toBe(sum(['FUNDING_FEE'], 'amount', 'ETHUSDT').toFixed());
    expect(bySymbol.body.rows.map((r: { key: string }) => r.key)).toEqual(
      [...bySymbol.body.rows.map((r: { key: string }) => r.key)].sort(),
    );

    const today = new Date().toISOString().slice(0, 10);
    const byDay = await a.http
      .get(`/api/admin/pnl?group=day&from=${today}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(byDay.body.rows).toHaveLength(1);
    const day = byDay.body.rows[0];
    expect(day.key).toBe(today);
    const realized = sum(fillKinds, 'realizedPnl');
    const fees = sum(fillKinds, 'commission');
    const funding = sum(['FUNDING_FEE'], 'amount');
    expect(day).toMatchObject({ realized_pnl: realized.toFixed(), fees: fees.toFixed(), funding: funding.toFixed() });
    expect(day.net).toBe(realized.sub(fees).add(funding).toFixed());
    expect(day.trades).toBe(day.wins + day.losses);

    const one = await a.http
      .get('/api/admin/pnl?group=symbol&symbol=btc')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(one.body.rows.map((r: { key: string }) => r.key)).toEqual(['BTCUSDT']);
    const none = await a.http
      .get('/api/admin/pnl?from=2020-01-01&to=2020-01-02')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(none.body).toEqual({ rows: [] });
    const bad = await a.http.get('/api/admin/pnl?group=week').set('Authorization', `Bearer ${TOKEN}`).expect(400);
    expect(bad.body).toMatchObject({ parameter: 'group', message: expect.stringContaining('must be day or symbol') });
    await a.http.get('/api/admin/pnl').expect(401);
  });

  it('rows are append-only: the database refuses an update', async () => {
    await expect(query(a.env.DATABASE_URL, `UPDATE "AccountEvent" SET "realizedPnl" = 0`)).rejects.toThrow(
      /append-only/,
    );
  });
});
