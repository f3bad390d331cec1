/**
 * Order sending against the in-memory exchange double: one order and a batch, each outcome of an answer lost
 * on the way (found at once, found later, never executed then sent again, lookups failing, no deadline), and
 * the one re-send never followed by a second.
 */
import Decimal from 'decimal.js';
import type { OrderRequest } from '../../exchange/exchange.port';
import { ExchangeDouble } from '../../../test/support/exchange-double';
import { haltedError } from '../../accounts/trading-switches';
import { inAccount } from '../../exchange/account-context';
import { translateError } from '../../webhook/error-translation';
import { sendOrders } from './order-sender';

const order = (clientOrderId: string, quantity = '0.1'): OrderRequest => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity: new Decimal(quantity),
  clientOrderId,
});

async function exchange(): Promise<ExchangeDouble> {
  const double = new ExchangeDouble();
  await double.start();
  await double.setPrice('BTCUSDT', '50000');
  return double;
}

const held = async (double: ExchangeDouble) =>
  (await double.positions('BTCUSDT')).positions.map((p) => p.quantity.toString());

describe('sendOrders against the exchange double', () => {
  it('sends one order and returns its result', async () => {
    const double = await exchange();
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(attempt).toMatchObject({ purpose: 'OPEN', result: { status: 'FILLED', clientOrderId: 'a' } });
    expect(attempt.error).toBeUndefined();
    expect(await held(double)).toEqual(['0.1']);
  });

  it('keeps a refusal as data, never looks it up and never sends it again', async () => {
    const double = (await exchange()).fail({ kind: 'refused', code: -2019, message: 'Margin is insufficient.' });
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(attempt.error).toMatchObject({ code: -2019 });
    expect(double.lookups).toEqual([]);
    expect(double.sent).toHaveLength(1);
  });

  it('finds an order whose answer was lost but which executed, without sending it again', async () => {
    const double = (await exchange()).fail({ kind: 'lost', executes: 'now', executableForMs: 300 });
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(attempt.error).toBeUndefined();
    expect(attempt.result).toMatchObject({ status: 'FILLED', clientOrderId: 'a' });
    expect(attempt.note).toMatch(/found on the exchange by its client order id \(lookup 1\)/);
    expect(double.sent).toHaveLength(1);
    expect(await held(double)).toEqual(['0.1']);
  });

  it('keeps looking while the lost order can still execute, and finds it when it executes late', async () => {
    const double = (await exchange()).fail({ kind: 'lost', executes: 'on-lookup', lookup: 2, executableForMs: 600 });
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(attempt.note).toMatch(/\(lookup 2\)/);
    expect(double.sent).toHaveLength(1);
    expect(await held(double)).toEqual(['0.1']);
  });

  it('sends again, once, only after a lookup made after the recvWindow found nothing', async () => {
    const double = (await exchange()).fail({ kind: 'lost', executes: 'never', executableForMs: 300 });
    const started = Date.now();
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(attempt.error).toBeUndefined();
    expect(attempt.result).toMatchObject({ status: 'FILLED' });
    expect(attempt.note).toMatch(/not on the exchange once its recvWindow had passed \(\d+ lookups\): sent again/);
    expect(double.sent).toHaveLength(2);
    expect(await held(double)).toEqual(['0.1']);
  });

  it('never sends a third time: a re-send lost too and never executed is "not executed"', async () => {
    const double = (await exchange()).fail(
      { kind: 'lost', executes: 'never', executableForMs: 100 },
      { kind: 'lost', executes: 'never', executableForMs: 100 },
    );
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(double.sent).toHaveLength(2);
    expect(attempt.notExecuted).toBe(true);
    expect(attempt.note).toMatch(/sent again\. .*: not executed$/);
    expect(await held(double)).toEqual([]);
  });

  it('leaves the outcome unknown (never re-sent) when every lookup fails', async () => {
    const double = (await exchange()).fail({ kind: 'lost', executes: 'never', executableForMs: 100 }).failLookups(99);
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(attempt.error?.title).toBe('Order outcome unknown: check the position on Binance');
    expect(attempt.note).toMatch(/outcome unknown after \d+ lookups \(lookups failed: .*\): not sent again/);
    expect(double.sent).toHaveLength(1);
  });

  it('finds the order once the failing lookups recover', async () => {
    const double = (await exchange()).fail({ kind: 'lost', executes: 'now', executableForMs: 300 }).failLookups(2);
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(attempt.note).toMatch(/\(lookup 3\)/);
    expect(double.sent).toHaveLength(1);
  });

  it('never sends again when nobody can say when the lost order stops being executable', async () => {
    const double = (await exchange()).fail({ kind: 'lost', executes: 'never' });
    const [attempt] = await sendOrders(double, [{ purpose: 'OPEN', request: order('a') }]);
    expect(attempt.error?.outcomeUnknown).toBe(true);
    expect(attempt.note).toMatch(/\(it could still execute\): not sent again/);
    expect(double.sent).toHaveLength(1);
  });

  it('settles each order of a lost batch on its own: one executed, one sent again', async () => {
    // The batch's answer is lost: its first order had executed, its second never did.
    const double = (await exchange()).fail(
      { kind: 'lost', executes: 'now', executableForMs: 200 },
      { kind: 'lost', executes: 'never', executableForMs: 200 },
    );
    const [first, second] = await sendOrders(double, [
      { purpose: 'OPEN', request: order('a', '0.1') },
      { purpose: 'OPEN', request: order('b', '0.2') },
    ]);
    expect(first.note).toMatch(/found on the exchange by its client order id \(lookup 1\)/);
    expect(second.note).toMatch(/sent again/);
    expect(double.sent.map((r) => r.clientOrderId)).toEqual(['a', 'b', 'b']);
    expect(await held(double)).toEqual(['0.3']);
  });

  it('returns a refused order of a batch as its error, the others as results', async () => {
    const double = await exchange();
    double.fail({ kind: 'refused', code: -4164, message: "Order's notional must be no smaller than 100" });
    const [first, second] = await sendOrders(double, [
      { purpose: 'OPEN', request: order('a', '0.1') },
      { purpose: 'OPEN', request: order('b', '0.2') },
    ]);
    expect(first.error).toMatchObject({ code: -4164 });
    expect(second.result).toMatchObject({ status: 'FILLED' });
    expect(double.lookups).toEqual([]);
  });
});

describe('sendOrders and the kill switches asked before each order', () => {
  it('withholds every order once a switch is on (never sent, answered as the switch: 423)', async () => {
    const double = await exchange();
    const beforeOrder = () => Promise.resolve(haltedError('global kill switch', 'maintenance'));
    const attempts = await inAccount({ accountId: 'default', beforeOrder }, () =>
      sendOrders(double, [
        { purpose: 'OPEN', request: order('a') },
        { purpose: 'OPEN', request: order('b') },
      ]),
    );
    expect(attempts.map((a) => [a.result, a.notExecuted])).toEqual([
      [undefined, true],
      [undefined, true],
    ]);
    expect(translateError(attempts[0].error)).toMatchObject({ httpStatus: 423, errorCode: 'HALTED' });
    expect(attempts[0].error!.message).toMatch(/^Trading is halted \(global kill switch\): maintenance/);
    expect(await held(double)).toEqual([]);
  });

  it('never withholds the flattening of a position whose protection failed', async () => {
    const double = await exchange();
    const beforeOrder = () => Promise.resolve(haltedError('global kill switch', null));
    const [attempt] = await inAccount({ accountId: 'default', beforeOrder }, () =>
      sendOrders(double, [{ purpose: 'CLOSE_UNPROTECTED', request: order('c') }]),
    );
    expect(attempt.result).toMatchObject({ status: 'FILLED' });
  });
});
