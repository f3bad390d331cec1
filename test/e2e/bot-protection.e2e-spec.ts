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
import { ProtectionMonitor } from '../../src/trading/protection/protection-monitor';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { allSettled, protectiveRows, ProtectiveRow } from '../support/records';
import { createTestApp, TestApp } from '../support/test-app';

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

    // A second pass changes nothing: each account's open protection matches its exchange.
    await monitor.pollAll();
    expect(byKind(await rowsOf('Bob')).STOP_LOSS.status).toBe('NEW');
    expect((await rowsOf('Paper')).map((r) => r.status)).toEqual(['NEW', 'NEW']);
  });
});
