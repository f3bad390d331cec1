import Decimal from 'decimal.js';
import { FuturesEngine } from './futures-engine';
import { InMemoryPaperAccountStore } from './paper-account.store';
import { PaperExchange } from './paper.exchange';

describe('PaperExchange: conditional orders as the paper price moves', () => {
  it('triggers a stop when a new paper price crosses it, and keeps the result across a restart', async () => {
    const store = new InMemoryPaperAccountStore();
    const paper = new PaperExchange(new FuturesEngine({ walletUsdt: '10000' }), store, {
      price: async () => undefined,
    });
    await paper.start();
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      clientOrderId: 'p-1',
    } as const;
    await paper.placeOrder({ ...order, quantity: new Decimal('0.1') });
    await paper.placeConditionalOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      positionSide: 'BOTH',
      type: 'STOP_MARKET',
      closePosition: true,
      triggerPrice: new Decimal('49000'),
      clientAlgoId: 'p-sl',
    });

    // The signal's entry price is the paper price when no market data is reachable.
    await paper.price('BTCUSDT', new Decimal('48000'));
    expect((await paper.positions('BTCUSDT')).positions).toEqual([]);

    const restarted = new PaperExchange(new FuturesEngine({ walletUsdt: '10000' }), store, {
      price: async () => undefined,
    });
    await restarted.start();
    expect((await restarted.positions('BTCUSDT')).positions).toEqual([]);
    expect(await restarted.openConditionalOrders('BTCUSDT')).toEqual([]);
    expect(restarted.engine.queryAlgoOrder({ clientAlgoId: 'p-sl' })).toMatchObject({ algoStatus: 'FINISHED' });
    paper.stop();
    restarted.stop();
  });
});
