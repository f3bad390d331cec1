/**
 * Protection on every account of a bot: an alert with a stop loss and a take
 * profit places each account's protective orders on that account (its own
 * keys, its own algo orders on the fake), recorded under that account's
 * execution; the monitor follows each account as that account, so a take
 * profit that fills on one account closes out that account's protection only,
 * and the other accounts' protection stays as their exchange has it.
 * The monitor is driven by hand (no poll, no account stream).
 */
import { AccountScopes } from '../../src/exchange/account-scopes';
import { EXCHANGE, ExchangePort } from '../../src/exchange/exchange.port';
import { clientOrderId, newSignalId } from '../../src/trading/client-order-id';
import { InterruptedSignalsService } from '../../src/trading/interrupted-signals.service';
import { ProtectionMonitor } from '../../src/trading/protection/protection-monitor';
import { protectionJson } from '../../src/trading/protection/protection-request';
import { executionId } from '../../src/webhook/fan-out';
import { protectionFields } from '../../src/webhook/protection-fields';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { allSettled, protectiveRows, ProtectiveRow } from '../support/records';
import { createTestApp, TestApp } from '../support/test-app';
import { query } from '../support/test-database';

const TOKEN = 'bot-protection-admin-token-0123';
const KEY = '5a1c9e7f3b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
const BOT_SECRET = 'protected-bot-secret-0123456789';
const ALICE = { apiKey: 'prot-alice-key-01', apiSecret: 'prot-alice-secret-01' };
const BOB = { apiKey: 'prot-bob-key-0001', apiSecret: 'prot-bob-secret-0001' };

interface Execution {
  account: string;
  account_id: string;
  http_status: number;
  id: string;
  protection?: unknown;
}

type OpenAlgo = { clientAlgoId: string; orderType: string; triggerPrice: string };

describe('bots: protection on every account', () => {
  let fake: FakeBinanceServer;
  let t: TestApp;
  let monitor: ProtectionMonitor;
  const ids: Record<string, string> = {};
  const executions: Record<string, Execution> = {};

  beforeAll(async () => {
    fake = await startFakeBinance();
    fake.engine.setPrice('BTCUSDT', '50000');
    t = await createTestApp(
      {
        ...liveModeAgainst(fake),
        WEBHOOK_SECRET: 'legacy-secret-0123',
        ADMIN_TOKEN: TOKEN,
        CONFIG_ENCRYPTION_KEY: KEY,
        PROTECTION_POLL_MS: '0',
        BINANCE_STREAMS: 'off',
        RECOVERY_AFTER_MS: '0',
      },
      'bot-protection',
    );
    monitor = t.app.get(ProtectionMonitor);
    await control(fake, 'accounts', { ...ALICE, walletUsdt: '2000' });
    await control(fake, 'accounts', { ...BOB, walletUsdt: '5000' });
    const add = async (body: object) =>
      (await t.http.post('/api/admin/accounts').set('Authorization', `Bearer ${TOKEN}`).send(body).expect(201)).body
        .id as string;
    ids.alice = await add({ name: 'Alice', mode: 'live', api_key: ALICE.apiKey, api_secret: ALICE.apiSecret });
    ids.bob = await add({ name: 'Bob', mode: 'live', api_key: BOB.apiKey, api_secret: BOB.apiSecret });
    ids.paper = await add({ name: 'Paper', mode: 'paper' });
    await t.http
      .post('/api/admin/bots')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({
        name: 'Guarded',
        slug: 'guarded',
        webhook_secret: BOT_SECRET,
        defaults: { leverage: 5 },
        account_ids: [ids.alice, ids.bob, ids.paper],
      })
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  const engineOf = (apiKey: string) => fake.accounts.get(apiKey)!.engine;
  const openAlgo = (apiKey: string) =>
    (engineOf(apiKey).openAlgoOrders({ symbol: 'BTCUSDT' }) as OpenAlgo[]).map((o) => o.clientAlgoId).sort();
  const held = (apiKey: string) =>
    (engineOf(apiKey).positionRisk('BTCUSDT') as Array<{ positionAmt: string }>).find(
      (p) => Number(p.positionAmt) !== 0,
    )?.positionAmt;
  /** The paper account's open algo orders, read through the service as that account. */
  const paperAlgo = () =>
    t.app
      .get(AccountScopes)
      .run(ids.paper, () => t.app.get<ExchangePort>(EXCHANGE).openConditionalOrders('BTCUSDT'))
      .then((orders) => orders.map((o) => o.clientAlgoId).sort());
  const rowsOf = (name: string): Promise<ProtectiveRow[]> => protectiveRows(t.db.url, executions[name].id);
  const byKind = (rows: ProtectiveRow[]) => Object.fromEntries(rows.map((r) => [r.kind, r]));

  it("places each account's stop and target on that account, recorded under its execution", async () => {
    const res = await t.http
      .post(`/api/bots/guarded/webhook?token=${BOT_SECRET}`)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, stop_loss: 49000, take_profit: 52000 })
      .expect(200);
    expect(res.body.message).toBe('3 of 3 accounts done');
    for (const e of res.body.executions as Execution[]) executions[e.account] = e;
    await allSettled(t.db.url);

    for (const [name, apiKey] of [
      ['Alice', ALICE.apiKey],
      ['Bob', BOB.apiKey],
    ]) {
      const rows = await rowsOf(name);
      expect(rows.map((r) => [r.kind, r.status])).toEqual([
        ['STOP_LOSS', 'NEW'],
        ['TAKE_PROFIT', 'NEW'],
      ]);
      // On the account's own Binance account, under client algo ids of its own execution.
      expect(openAlgo(apiKey)).toEqual(rows.map((r) => r.clientAlgoId).sort());
      for (const row of rows) expect(row.clientAlgoId).toContain(executions[name].id);
      expect(held(apiKey)).toBeDefined();
    }
    const paper = await rowsOf('Paper');
    expect(paper.map((r) => r.status)).toEqual(['NEW', 'NEW']);
    expect(await paperAlgo()).toEqual(paper.map((r) => r.clientAlgoId).sort());
    // Nothing on the default account, which is not in the bot.
    expect(fake.engine.openAlgoOrders({})).toEqual([]);
    expect(fake.engine.orders.size).toBe(0);
  });

  it('a take profit filled on one account is followed on that account only', async () => {
    // Bob removed his target by hand on Binance: at 52000 only Alice's target fills.
    const bobTarget = byKind(await rowsOf('Bob')).TAKE_PROFIT;
    engineOf(BOB.apiKey).cancelAlgoOrder({ symbol: 'BTCUSDT', clientAlgoId: bobTarget.clientAlgoId });
    await control(fake, 'price', { symbol: 'BTCUSDT', price: '52000' });
    expect(held(ALICE.apiKey)).toBeUndefined();
    expect(held(BOB.apiKey)).toBeDefined();

    await monitor.pollAll();

    // Alice: the target filled at its price, her position is flat, her stop was cancelled on her account.
    const alice = byKind(await rowsOf('Alice'));
    expect(alice.TAKE_PROFIT).toMatchObject({ status: 'FINISHED' });
    expect(Number(alice.TAKE_PROFIT.fillPrice)).toBe(52000);
    expect(alice.STOP_LOSS).toMatchObject({ status: 'CANCELED' });
    expect(alice.STOP_LOSS.note).toMatch(/position is closed/);
    expect(openAlgo(ALICE.apiKey)).toEqual([]);
    // Bob: his target is recorded as cancelled (found so on his account, not missing), his stop stays.
    const bob = byKind(await rowsOf('Bob'));
    expect(bob.TAKE_PROFIT.status).toBe('CANCELED');
    expect(bob.STOP_LOSS.status).toBe('NEW');
    expect(openAlgo(BOB.apiKey)).toEqual([bob.STOP_LOSS.clientAlgoId]);
    expect(held(BOB.apiKey)).toBeDefined();
    // Paper: its own simulated account has not seen the price; its protection is untouched.
    const paper = await rowsOf('Paper');
    expect(paper.map((r) => r.status)).toEqual(['NEW', 'NEW']);
    expect(await paperAlgo()).toEqual(paper.map((r) => r.clientAlgoId).sort());

    // The fill is in Alice's CSV export, not in Bob's.
    const csv = (accountId: string) =>
      t.http.get(`/api/admin/export.csv?account_id=${accountId}`).set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect((await csv(ids.alice)).text).toContain(alice.TAKE_PROFIT.clientAlgoId);
    expect((await csv(ids.bob)).text).not.toContain(alice.TAKE_PROFIT.clientAlgoId);

    // A second pass changes nothing: each account's open protection matches its exchange.
    await monitor.pollAll();
    expect(byKind(await rowsOf('Bob')).STOP_LOSS.status).toBe('NEW');
    expect((await rowsOf('Paper')).map((r) => r.status)).toEqual(['NEW', 'NEW']);
  });

  it("a take profit on one account moves that account's stop to break-even, on that account", async () => {
    const res = await t.http
      .post(`/api/bots/guarded/webhook?token=${BOT_SECRET}`)
      .send({
        symbol: 'ETHUSDT',
        action: 'buy',
        balance_percentage: 0.1,
        stop_loss: 2400,
        take_profits: [
          { price: 2550, size_percent: 50 },
          { price: 2600, size_percent: 50 },
        ],
        break_even: true,
      })
      .expect(200);
    const ids = Object.fromEntries((res.body.executions as Execution[]).map((e) => [e.account, e.id]));
    await allSettled(t.db.url);
    // Bob's first target is gone by hand again: only Alice's fills at 2560.
    const bobTp1 = (await protectiveRows(t.db.url, ids.Bob)).find((r) => r.level === 1)!;
    engineOf(BOB.apiKey).cancelAlgoOrder({ symbol: 'ETHUSDT', clientAlgoId: bobTp1.clientAlgoId });
    await control(fake, 'price', { symbol: 'ETHUSDT', price: '2560' });
    await monitor.pollAll();

    const alice = await protectiveRows(t.db.url, ids.Alice);
    const moved = alice.find((r) => r.kind === 'STOP_LOSS' && r.status === 'NEW')!;
    expect(moved.clientAlgoId).toMatch(/_sl-be$/);
    expect(Number(moved.triggerPrice)).toBeGreaterThan(2500);
    const aliceOpen = (engineOf(ALICE.apiKey).openAlgoOrders({ symbol: 'ETHUSDT' }) as OpenAlgo[]).map(
      (o) => o.clientAlgoId,
    );
    expect(aliceOpen).toContain(moved.clientAlgoId);
    // Bob's stop was not moved (no target of his filled), and nothing of Alice's reached his account.
    const bob = await protectiveRows(t.db.url, ids.Bob);
    expect(bob.filter((r) => r.kind === 'STOP_LOSS').map((r) => [r.clientAlgoId.split('_')[2], r.status])).toEqual([
      ['sl', 'NEW'],
    ]);
    const bobOpen = (engineOf(BOB.apiKey).openAlgoOrders({ symbol: 'ETHUSDT' }) as OpenAlgo[]).map(
      (o) => o.clientAlgoId,
    );
    expect(bobOpen.some((id) => id.includes(ids.Alice))).toBe(false);
    expect(bobOpen.filter((id) => /_sl/.test(id))).toEqual([`tvb_${ids.Bob}_sl`]);
  });

  it('PROTECTION_FAILURE acts on the account whose protection was refused, the others keep theirs', async () => {
    // Bob's key only: his stop is refused on all three tries.
    await control(fake, 'fail', {
      path: '/fapi/v1/algoOrder',
      method: 'POST',
      count: 3,
      code: -4045,
      msg: 'Reach max stop order limit.',
      apiKey: BOB.apiKey,
    });
    const res = await t.http
      .post(`/api/bots/guarded/webhook?token=${BOT_SECRET}`)
      .send({ symbol: 'BNBUSDT', action: 'buy', balance_percentage: 0.1, stop_loss: 580 })
      .expect(207);
    const e = Object.fromEntries((res.body.executions as Execution[]).map((x) => [x.account, x]));
    expect([e.Alice.http_status, e.Paper.http_status]).toEqual([200, 200]);
    expect(e.Bob).toMatchObject({
      http_status: 422,
      protection_failure: { action: 'close', position_closed: true },
    });
    const bnb = (apiKey: string) =>
      (engineOf(apiKey).positionRisk('BNBUSDT') as Array<{ positionAmt: string }>).filter(
        (p) => Number(p.positionAmt) !== 0,
      );
    expect(bnb(BOB.apiKey)).toEqual([]);
    expect(bnb(ALICE.apiKey)).toHaveLength(1);
    expect(
      (engineOf(ALICE.apiKey).openAlgoOrders({ symbol: 'BNBUSDT' }) as OpenAlgo[]).map((o) => o.clientAlgoId),
    ).toEqual([`tvb_${e.Alice.id}_sl`]);
    await allSettled(t.db.url);
    const purposes = await query<{ purpose: string }>(
      t.db.url,
      'SELECT purpose FROM "ExchangeOrder" WHERE "signalId" = $1 ORDER BY purpose',
      [e.Bob.id],
    );
    expect(purposes.map((p) => p.purpose).sort()).toEqual(['CLOSE_UNPROTECTED', 'OPEN']);
  });

  it('an execution interrupted between its entry and its protection is settled on its own account', async () => {
    const parent = newSignalId();
    const id = executionId(parent, 0);
    // The entry reached Alice's account (by its client order id), then the service died.
    engineOf(ALICE.apiKey).newOrder({
      symbol: 'SOLUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '5',
      newClientOrderId: clientOrderId(id, 'OPEN'),
    });
    const protection = protectionJson(protectionFields({ stop_loss: 140 })!);
    await query(
      t.db.url,
      `INSERT INTO "Signal" (id, route, payload, status, symbol, "protectionRequest", authenticated, "botId",
                             "accountId", "parentId", "receivedAt", "updatedAt")
       VALUES ($1, 'bot:guarded', '{}', 'PROCESSING', 'SOLUSDT', $2, true, 'x', $3, $4,
               now() - interval '1 minute', now())`,
      [id, JSON.stringify(protection), ids.alice, parent],
    );
    // The alert's own row, interrupted too: it traded no account itself.
    await query(
      t.db.url,
      `INSERT INTO "Signal" (id, route, payload, status, symbol, authenticated, "botId", "receivedAt", "updatedAt")
       VALUES ($1, 'bot:guarded', '{}', 'PROCESSING', 'SOLUSDT', true, 'x', now() - interval '1 minute', now())`,
      [parent],
    );
    const lookups = fake.requests.length;
    await t.app.get(InterruptedSignalsService).settleInterrupted();
    const [alert] = await query<{ status: string; note: string }>(
      t.db.url,
      'SELECT status, note FROM "Signal" WHERE id = $1',
      [parent],
    );
    expect(alert).toMatchObject({ status: 'FAILED', note: expect.stringMatching(/settled on its own account/) });
    // Nothing was looked up on the default account for the alert's own id.
    expect(
      fake.requests.slice(lookups).filter((r) => JSON.stringify(r.params ?? {}).includes(`tvb_${parent}_`)),
    ).toEqual([]);

    const row = await query<{ status: string; note: string }>(
      t.db.url,
      'SELECT status, note FROM "Signal" WHERE id = $1',
      [id],
    );
    expect(row[0]).toMatchObject({ status: 'EXECUTED', note: expect.stringMatching(/1 order\(s\) found/) });
    expect((await protectiveRows(t.db.url, id)).map((r) => [r.kind, r.status])).toEqual([['STOP_LOSS', 'NEW']]);
    expect(
      (engineOf(ALICE.apiKey).openAlgoOrders({ symbol: 'SOLUSDT' }) as OpenAlgo[]).map((o) => o.clientAlgoId),
    ).toEqual([`tvb_${id}_sl`]);
    expect(fake.engine.openAlgoOrders({ symbol: 'SOLUSDT' })).toEqual([]);
  });
});
