import Decimal from 'decimal.js';
import type { MarginType } from '../common/margin-types';
import type { OpenPosition } from '../exchange/exchange.port';
import type { SymbolState } from '../positions/positions.service';
import { marginRoom } from './margin-room';

const short = (unrealizedPnl = '0'): OpenPosition => ({
  symbol: 'BTCUSDT',
  direction: 'SHORT',
  positionSide: 'BOTH',
  quantity: new Decimal('0.2'),
  entryPrice: new Decimal(50000),
  markPrice: new Decimal(50000),
  unrealizedPnl: new Decimal(unrealizedPnl),
});
const state = (mode: 'one-way' | 'hedge', marginType: MarginType = 'CROSSED'): SymbolState => ({
  mode,
  positions: { symbol: 'BTCUSDT', leverage: 10, marginType, positions: [short()] },
});

describe('margin room', () => {
  it('is the available balance, at the default taker fee, with nothing to close', () => {
    const room = marginRoom(new Decimal(1000), state('one-way'), undefined, new Decimal(50000));
    expect(room.available.toString()).toBe('1000');
    expect(room.deductions.toString()).toBe('0');
    expect(room.takerFeeRate.toString()).toBe('0.0005');
  });

  it('adds the margin a one-way reversal frees and deducts the closing fee', () => {
    const room = marginRoom(new Decimal(5), state('one-way'), short(), new Decimal(50000));
    // 0.2 × 50000 / 10 = 1000 freed; closing 0.2 at 50000 costs 5.
    expect(room.available.toString()).toBe('1005');
    expect(room.deductions.toString()).toBe('5');
  });

  it("deducts an isolated position's loss, not a cross one's (already out of the available balance)", () => {
    expect(
      marginRoom(new Decimal(5), state('one-way', 'ISOLATED'), short('-30'), new Decimal(50150)).deductions.toString(),
    ).toBe('35.015');
    expect(
      marginRoom(new Decimal(5), state('one-way', 'CROSSED'), short('-30'), new Decimal(50150)).deductions.toString(),
    ).toBe('5.015');
  });

  it('counts the margin a hedge reversal frees too: the service closes first when the open needs it', () => {
    const hedge = marginRoom(new Decimal(5), state('hedge'), short(), new Decimal(50000));
    const oneWay = marginRoom(new Decimal(5), state('one-way'), short(), new Decimal(50000));
    expect(hedge).toEqual(oneWay);
  });
});
