import Decimal from 'decimal.js';
import { SignalRejection } from '../../common/signal-rejection';
import type { ConditionalOrderRequest } from '../../exchange/exchange.port';
import { FuturesEngine } from '../../exchange/paper/futures-engine';
import { InMemoryPaperAccountStore } from '../../exchange/paper/paper-account.store';
import { PaperExchange } from '../../exchange/paper/paper.exchange';
import { refuseForeignStop } from './close-all-conflict';
import { sendCloseAll } from './protective-order-sender';

const stop = (clientAlgoId: string, triggerPrice = '49000'): ConditionalOrderRequest => ({
  symbol: 'BTCUSDT',
  side: 'SELL',
  positionSide: 'BOTH',
  type: 'STOP_MARKET',
  closePosition: true,
  triggerPrice: new Decimal(triggerPrice),
  clientAlgoId,
});

describe('close-position stops and Binance -4130 (one per direction)', () => {
  let paper: PaperExchange;
  beforeEach(async () => {
    paper = new PaperExchange(new FuturesEngine({ walletUsdt: '10000' }), new InMemoryPaperAccountStore(), {
      price: () => Promise.resolve(undefined),
    });
    await paper.start();
    await paper.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: new Decimal('0.1'),
      clientOrderId: 'p-1',
    });
  });
  afterEach(() => paper.stop());

  it('replaces our own close-all stop in the way, and records which', async () => {
    await paper.placeConditionalOrder(stop('tvb_earlier_sl'));
    const sent = await sendCloseAll(paper, stop('tvb_later_sl', '48000'), []);
    expect(sent.error).toBeUndefined();
    expect(sent.replaced.map((o) => o.clientAlgoId)).toEqual(['tvb_earlier_sl']);
    expect(sent.note).toContain('-4130');
    expect((await paper.openConditionalOrders('BTCUSDT')).map((o) => o.clientAlgoId)).toEqual(['tvb_later_sl']);
  });

  it("never cancels the trader's own stop: the refusal names it, tried once", async () => {
    await paper.placeConditionalOrder(stop('app_stop'));
    const placed = jest.spyOn(paper, 'placeConditionalOrder');
    const sent = await sendCloseAll(paper, stop('tvb_later_sl', '48000'), [0, 0]);
    expect(sent.error?.code).toBe(-4130);
    expect(placed).toHaveBeenCalledTimes(1);
    expect(sent.note).toMatch(/not placed by this service .*trigger 49000/);
    expect((await paper.openConditionalOrders('BTCUSDT')).map((o) => o.clientAlgoId)).toEqual(['app_stop']);
  });

  it("refuses an entry whose stop_loss would meet the trader's close-all stop, not one of ours", async () => {
    await paper.placeConditionalOrder(stop('app_stop'));
    const open = await paper.openConditionalOrders('BTCUSDT');
    expect(() => refuseForeignStop(open, stop('x'))).toThrow(SignalRejection);
    expect(() => refuseForeignStop(open, stop('x'))).toThrow(/-4130/);
    // The other direction (a short's stop), a take profit and no stop at all are free.
    expect(() => refuseForeignStop(open, { ...stop('x'), side: 'BUY' })).not.toThrow();
    expect(() => refuseForeignStop(open, { ...stop('x'), type: 'TAKE_PROFIT_MARKET' })).not.toThrow();
    expect(() => refuseForeignStop(open, undefined)).not.toThrow();
    const ours = open.map((o) => ({ ...o, clientAlgoId: 'tvb_a_sl' }));
    expect(() => refuseForeignStop(ours, stop('x'))).not.toThrow();
  });
});
