import Decimal from 'decimal.js';
import {
  ExchangeError,
  exchangeErrorFromBinance,
  exchangeErrorFromHttp,
  exchangeTimeoutError,
} from '../../exchange/exchange-error';
import type { ExchangePort, OrderRequest, OrderResult } from '../../exchange/exchange.port';
import type { OrderAttempt } from './order-attempt';
import { orderRow } from '../../journal/record-mapping';
import { sendOrders } from './order-sender';
import { LOOKUP_EVERY_MS, LOOKUP_GRACE_MS, settleUnknownOutcome } from './unknown-outcome';

const REQUEST: OrderRequest = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity: new Decimal('0.1'),
  clientOrderId: 'tvb_x_op',
};
const T0 = 1_000_000;
/** The order was signed at T0 with a 1000 ms recvWindow and a 500 ms margin. */
const DEADLINE = T0 + 1500;

const filled = (clientOrderId = REQUEST.clientOrderId): OrderResult => ({
  symbol: 'BTCUSDT',
  orderId: '42',
  clientOrderId,
  status: 'FILLED',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  origQty: new Decimal('0.1'),
  executedQty: new Decimal('0.1'),
  avgPrice: new Decimal('50000'),
  cumQuote: new Decimal('5000'),
  reduceOnly: false,
  updateTime: T0,
  raw: {},
});

/**
 * An in-memory exchange: the lost order appears on it at `executesAt` (or
 * never), lookups fail while `lookupsFailUntil` has not passed, and time is
 * virtual: sleeping advances it, each lookup takes 20 ms.
 */
class ExchangeDouble {
  time = T0 + 400; // the timeout fired
  executesAt?: number;
  lookupsFailUntil = 0;
  lookups: number[] = [];
  placed: number[] = [];
  placeAnswers: Array<() => OrderResult> = [];

  readonly port = {
    findOrder: async (_symbol: string, clientOrderId: string) => {
      const askedAt = this.time;
      this.lookups.push(askedAt);
      this.time += 20;
      if (askedAt < this.lookupsFailUntil) throw exchangeErrorFromHttp(503, 'Service Unavailable');
      return this.executesAt !== undefined && askedAt >= this.executesAt ? filled(clientOrderId) : undefined;
    },
    placeOrder: async () => {
      this.placed.push(this.time);
      this.time += 20;
      const answer = this.placeAnswers.shift();
      if (!answer) throw new Error('unexpected order');
      return answer();
    },
    placeBatchOrders: async () => {
      throw exchangeTimeoutError(400).executableUntil(DEADLINE);
    },
  } as unknown as ExchangePort;

  options = (resend = true) => ({
    now: () => this.time,
    sleep: async (ms: number) => {
      this.time += ms;
    },
    resend: resend
      ? async (request: OrderRequest): Promise<OrderAttempt> => {
          const sentAt = new Date(this.time);
          try {
            return {
              purpose: 'OPEN',
              request,
              result: await this.port.placeOrder(request),
              sentAt,
              answeredAt: new Date(this.time),
            };
          } catch (error) {
            return { purpose: 'OPEN', request, error: error as ExchangeError, sentAt, answeredAt: new Date(this.time) };
          }
        }
      : undefined,
  });
}

const lostAttempt = (error: ExchangeError = exchangeTimeoutError(400).executableUntil(DEADLINE)): OrderAttempt => ({
  purpose: 'OPEN',
  request: REQUEST,
  error,
  sentAt: new Date(T0),
  answeredAt: new Date(T0 + 400),
});

describe('settling an order whose answer was lost', () => {
  let ex: ExchangeDouble;
  beforeEach(() => {
    ex = new ExchangeDouble();
  });

  it('leaves an answered order, or a refused one, as it is: no lookup', async () => {
    const answered: OrderAttempt = { ...lostAttempt(), error: undefined, result: filled() };
    expect(await settleUnknownOutcome(ex.port, answered, ex.options())).toBe(answered);
    const refused = lostAttempt(exchangeErrorFromBinance(-2019, 'Margin is insufficient.', 400));
    expect(await settleUnknownOutcome(ex.port, refused, ex.options())).toBe(refused);
    expect(ex.lookups).toEqual([]);
  });

  it('takes the order found by its client order id at the first lookup', async () => {
    ex.executesAt = T0 + 100;
    const settled = await settleUnknownOutcome(ex.port, lostAttempt(), ex.options());
    expect(settled.result).toMatchObject({ clientOrderId: 'tvb_x_op', status: 'FILLED' });
    expect(settled.error).toBeUndefined();
    expect(settled.note).toBe(
      'Answer lost (no answer within 400 ms); found on the exchange by its client order id (lookup 1)',
    );
    expect(ex.placed).toEqual([]);
  });

  it('keeps looking while the order can still execute, finding one executed after the first lookup', async () => {
    ex.executesAt = T0 + 900;
    const settled = await settleUnknownOutcome(ex.port, lostAttempt(), ex.options());
    expect(settled.result?.status).toBe('FILLED');
    expect(settled.note).toMatch(/found on the exchange by its client order id \(lookup 3\)$/);
    expect(ex.lookups[1] - ex.lookups[0]).toBe(20 + LOOKUP_EVERY_MS);
    expect(ex.placed).toEqual([]);
  });

  it('sends the order again only after a lookup sent past its deadline found nothing', async () => {
    ex.placeAnswers.push(() => filled());
    const settled = await settleUnknownOutcome(ex.port, lostAttempt(), ex.options());
    expect(ex.lookups.filter((at) => at > DEADLINE)).toHaveLength(1);
    expect(ex.lookups.at(-1)).toBe(DEADLINE + 1);
    expect(ex.placed).toHaveLength(1);
    expect(ex.placed[0]).toBeGreaterThan(DEADLINE);
    expect(settled.result?.status).toBe('FILLED');
    expect(settled.note).toBe(
      'Answer lost (no answer within 400 ms); not on the exchange once its recvWindow had passed ' +
        `(${ex.lookups.length} lookups): sent again`,
    );
  });

  it('an order that executes just before its deadline is found, never sent again', async () => {
    ex.executesAt = DEADLINE - 1;
    const settled = await settleUnknownOutcome(ex.port, lostAttempt(), ex.options());
    expect(settled.result?.status).toBe('FILLED');
    expect(ex.placed).toEqual([]);
  });

  it('without a re-send, an order absent after its deadline is recorded as not executed', async () => {
    const settled = await settleUnknownOutcome(ex.port, lostAttempt(), ex.options(false));
    expect(settled.notExecuted).toBe(true);
    expect(settled.result).toBeUndefined();
    expect(settled.error?.outcomeUnknown).toBe(true);
    expect(settled.note).toMatch(/not on the exchange once its recvWindow had passed \(\d+ lookups\): not executed$/);
  });

  it('when lookups keep failing, the outcome stays unknown: nothing is sent again', async () => {
    ex.lookupsFailUntil = Infinity;
    ex.executesAt = T0 + 100; // it did execute, but nobody can see it
    const settled = await settleUnknownOutcome(ex.port, lostAttempt(), ex.options());
    expect(ex.placed).toEqual([]);
    expect(ex.time).toBeGreaterThanOrEqual(DEADLINE + LOOKUP_GRACE_MS);
    expect(ex.time).toBeLessThan(DEADLINE + LOOKUP_GRACE_MS + LOOKUP_EVERY_MS + 100);
    expect(settled.result).toBeUndefined();
    expect(settled.error).toMatchObject({
      kind: 'timeout',
      title: 'Order outcome unknown: check the position on Binance',
    });
    expect(settled.error?.message).toMatch(
      /order tvb_x_op: outcome unknown, check the position \(no answer within 400 ms; lookups failed: .*HTTP 503/,
    );
    expect(settled.error?.suggestions[0]).toMatch(/^Check the position/);
    expect(settled.note).toMatch(/outcome unknown after \d+ lookups \(lookups failed: .*\): not sent again$/);
  });

  it('a lookup that fails before the deadline and answers after it still allows the re-send', async () => {
    ex.lookupsFailUntil = DEADLINE;
    ex.placeAnswers.push(() => filled());
    const settled = await settleUnknownOutcome(ex.port, lostAttempt(), ex.options());
    expect(ex.placed).toHaveLength(1);
    expect(settled.result?.status).toBe('FILLED');
  });

  it('without a known deadline (no signed timestamp) an order is never sent again', async () => {
    const settled = await settleUnknownOutcome(
      ex.port,
      lostAttempt(exchangeErrorFromHttp(502, 'Bad Gateway')),
      ex.options(),
    );
    expect(ex.placed).toEqual([]);
    expect(settled.error?.title).toBe('Order outcome unknown: check the position on Binance');
    expect(settled.note).toMatch(
      /Answer lost \(HTTP 502: Bad Gateway\); outcome unknown after \d+ lookups \(it could still execute\)/,
    );
  });

  it('a re-send whose answer is lost too is settled the same way, and never sent a third time', async () => {
    ex.placeAnswers.push(() => {
      throw exchangeTimeoutError(400).executableUntil(ex.time + 1500);
    });
    const settled = await settleUnknownOutcome(ex.port, lostAttempt(), ex.options());
    expect(ex.placed).toHaveLength(1);
    expect(settled).toMatchObject({ notExecuted: true });
    const [first, second] = settled.note!.split('. ');
    expect(first).toMatch(/: sent again$/);
    expect(second).toMatch(
      /^Answer lost \(no answer within 400 ms\); not on the exchange once its recvWindow had passed/,
    );
    expect(second).toMatch(/\(\d+ lookups\): not executed$/);
  });

  it('counts HTTP 408, 5xx without a Binance body, -1000 / -1001 / -1007 as unknown outcomes; -1015 not', () => {
    expect(exchangeErrorFromHttp(408, '<html>Request Timeout</html>').outcomeUnknown).toBe(true);
    expect(exchangeErrorFromHttp(504, '<html>Gateway Timeout</html>').outcomeUnknown).toBe(true);
    for (const code of [-1000, -1001, -1007])
      expect(exchangeErrorFromBinance(code, 'x', 503).outcomeUnknown).toBe(true);
    expect(
      exchangeErrorFromBinance(-1015, 'Too many new orders; current limit is 300 orders per 10 SECOND.').outcomeUnknown,
    ).toBe(false);
  });
});

describe('sendOrders with lost answers', () => {
  it('looks up every order of a batch whose answer was lost, and sends none again once found', async () => {
    const ex = new ExchangeDouble();
    ex.executesAt = T0;
    const attempts = await sendOrders(ex.port, [
      { purpose: 'CLOSE_OPPOSITE', request: { ...REQUEST, clientOrderId: 'tvb_x_co' } },
      { purpose: 'OPEN', request: REQUEST },
    ]);
    expect(attempts.map((a) => [a.purpose, a.result?.clientOrderId, a.error])).toEqual([
      ['CLOSE_OPPOSITE', 'tvb_x_co', undefined],
      ['OPEN', 'tvb_x_op', undefined],
    ]);
    expect(ex.placed).toEqual([]);
  });
});

describe('the record of a lost order', () => {
  it('says UNKNOWN while it may have executed, FAILED once known not executed, and keeps the note', () => {
    const unknown = { ...lostAttempt(), note: 'outcome unknown' };
    expect(orderRow('s1', unknown)).toMatchObject({ status: 'UNKNOWN', note: 'outcome unknown' });
    expect(orderRow('s1', { ...unknown, notExecuted: true })).toMatchObject({ status: 'FAILED' });
  });
});
