import Decimal from 'decimal.js';
import type { RecordedAccountEvent } from '../../account-events/account-events.repository';
import { liquidationNotice } from './liquidation-notices';

const event = (extra: Partial<RecordedAccountEvent>) =>
  ({
    account: 'paper',
    eventKey: 'fill:ETHUSDT:7',
    kind: 'LIQUIDATION',
    symbol: 'ETHUSDT',
    orderId: '42',
    side: 'BUY',
    positionSide: 'BOTH',
    quantity: new Decimal('1.5'),
    price: new Decimal('2600'),
    realizedPnl: new Decimal('-150.0'),
    occurredAt: new Date('2026-11-27T21:00:00Z'),
    ...extra,
  }) as unknown as RecordedAccountEvent;

describe('liquidation notices', () => {
  it('one per closing order, the position side from the closing side in one-way mode', () => {
    expect(liquidationNotice(event({}))).toMatchObject({
      id: 'paper:42:position.liquidated',
      type: 'position.liquidated',
      payload: { symbol: 'ETHUSDT', side: 'SHORT', quantity: '1.5', price: '2600', realizedPnl: '-150' },
    });
    expect(liquidationNotice(event({ kind: 'ADL', side: 'SELL', positionSide: 'LONG' }))?.payload).toMatchObject({
      side: 'LONG',
      adl: true,
    });
  });

  it('nothing for an ordinary fill or a funding fee', () => {
    expect(liquidationNotice(event({ kind: 'FILL' }))).toBeUndefined();
    expect(liquidationNotice(event({ kind: 'FUNDING_FEE' }))).toBeUndefined();
  });
});
