import Decimal from 'decimal.js';
import { parseStreamPayload } from '../../exchange/streams/stream-payload-parser';
import { stateEventFrom } from './stream-event-to-state';

const parsed = (payload: Record<string, unknown> & { e: string }) => {
  const event = parseStreamPayload(payload);
  if (!event || event.type === 'listenKeyExpired' || event.type === 'marginCall') {
    throw new Error('not a state event');
  }
  return event;
};

describe('stateEventFrom', () => {
  it('keeps the USDT wallet and every position side of ACCOUNT_UPDATE, at its transaction time', () => {
    const event = parsed({
      e: 'ACCOUNT_UPDATE',
      E: 2,
      T: 1,
      a: {
        m: 'ORDER',
        B: [
          { a: 'BNB', wb: '3', cw: '3', bc: '0' },
          { a: 'USDT', wb: '990.5', cw: '990.5', bc: '0' },
        ],
        P: [{ s: 'BTCUSDT', pa: '-0.010', ep: '50000', cr: '0', up: '0', mt: 'isolated', iw: '10', ps: 'BOTH' }],
      },
    });
    expect(stateEventFrom(event)).toEqual({
      kind: 'account',
      time: 1,
      balance: { wallet: new Decimal('990.5'), crossWallet: new Decimal('990.5') },
      positions: [
        {
          symbol: 'BTCUSDT',
          positionSide: 'BOTH',
          amount: new Decimal('-0.01'),
          entryPrice: new Decimal(50000),
          marginType: 'ISOLATED',
        },
      ],
    });
  });

  it('says nothing of a Multi-Assets change, and keeps a leverage change', () => {
    expect(stateEventFrom(parsed({ e: 'ACCOUNT_CONFIG_UPDATE', E: 2, T: 1, ai: { j: true } }))).toBeUndefined();
    expect(stateEventFrom(parsed({ e: 'ACCOUNT_CONFIG_UPDATE', E: 2, T: 1, ac: { s: 'ETHUSDT', l: 7 } }))).toEqual({
      kind: 'leverage',
      time: 1,
      symbol: 'ETHUSDT',
      leverage: 7,
    });
  });

  it('keeps a mark price at its event time', () => {
    const event = parsed({ e: 'markPriceUpdate', E: 5, s: 'BTCUSDT', p: '50001.5', i: '1', P: '1', r: '0', T: 9 });
    expect(stateEventFrom(event)).toMatchObject({ kind: 'mark-price', time: 5, markPrice: new Decimal('50001.5') });
  });
});
