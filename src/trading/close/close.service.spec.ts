/** The close flow against the in-memory exchange double: skipped, executed (both sides, every order), failed. */
import Decimal from 'decimal.js';
import { ExchangeDouble } from '../../../test/support/exchange-double';
import { restAccountReader } from '../../../test/support/rest-account-reader';
import { PositionModeCache } from '../../positions/position-mode.cache';
import { PositionsService } from '../../positions/positions.service';
import { CloseService } from './close.service';

async function setUp(mode: 'one-way' | 'hedge' = 'one-way') {
  const exchange = new ExchangeDouble();
  await exchange.start();
  await exchange.setPrice('BTCUSDT', '50000');
  if (mode === 'hedge') await exchange.setPositionMode('hedge');
  const positions = new PositionsService(exchange, new PositionModeCache(exchange));
  const closer = new CloseService(exchange, positions, restAccountReader(exchange, positions));
  return { exchange, closer };
}

const market = (side: 'BUY' | 'SELL', positionSide: 'BOTH' | 'LONG' | 'SHORT', quantity: string, id: string) => ({
  symbol: 'BTCUSDT',
  side,
  positionSide,
  type: 'MARKET' as const,
  quantity: new Decimal(quantity),
  clientOrderId: id,
});

const stop = (clientAlgoId: string) => ({
  symbol: 'BTCUSDT',
  side: 'SELL' as const,
  positionSide: 'BOTH' as const,
  type: 'STOP_MARKET' as const,
  closePosition: true,
  triggerPrice: new Decimal('45000'),
  clientAlgoId,
});

describe('CloseService.close', () => {
  it('skips a state-aware close when already flat, sending nothing', async () => {
    const { exchange, closer } = await setUp();
    const result = await closer.close('BTCUSDT', 'sig1', true);
    expect(result).toMatchObject({ status: 'skipped', note: 'Already flat on BTCUSDT: nothing to close', closed: [] });
    expect(exchange.sent).toEqual([]);
  });

  it('answers "Nothing to close" when flat on the advanced route', async () => {
    const { closer } = await setUp();
    expect(await closer.close('BTCUSDT', 'sig1', false)).toMatchObject({
      status: 'executed',
      note: 'Nothing to close',
    });
  });

  it('closes the long and the short of a hedge account and cancels the conditional orders', async () => {
    const { exchange, closer } = await setUp('hedge');
    await exchange.placeOrder(market('BUY', 'LONG', '0.1', 'l'));
    await exchange.placeOrder(market('SELL', 'SHORT', '0.2', 's'));
    await exchange.placeConditionalOrder({ ...stop('sl'), positionSide: 'LONG' });

    const result = await closer.close('BTCUSDT', 'sig1', false);
    expect(result.status).toBe('executed');
    expect(result.closed.map((a) => [a.purpose, a.request.quantity?.toString()]).sort()).toEqual([
      ['CLOSE_LONG', '0.1'],
      ['CLOSE_SHORT', '0.2'],
    ]);
    expect(result.cancelled).toMatchObject([{ kind: 'conditional', clientOrderId: 'sl' }]);
    expect((await exchange.positions('BTCUSDT')).positions).toEqual([]);
    expect(await exchange.openConditionalOrders('BTCUSDT')).toEqual([]);
  });

  it('fails a close whose stop could not be cancelled, though the position was closed', async () => {
    const { exchange, closer } = await setUp();
    await exchange.placeOrder(market('BUY', 'BOTH', '0.1', 'l'));
    await exchange.placeConditionalOrder(stop('sl'));
    exchange.failConditionalCancel();

    const result = await closer.close('BTCUSDT', 'sig1', false);
    expect(result.status).toBe('failed');
    expect(result.error?.httpStatus).toBe(503);
    expect(result.note).toMatch(/^Cancelling the symbol's open orders failed/);
    expect((await exchange.positions('BTCUSDT')).positions).toEqual([]);
    expect(await exchange.openConditionalOrders('BTCUSDT')).toHaveLength(1);
  });

  it('fails with the refusal of a closing order', async () => {
    const { exchange, closer } = await setUp();
    await exchange.placeOrder(market('BUY', 'BOTH', '0.1', 'l'));
    exchange.fail({ kind: 'refused', code: -2022, message: 'ReduceOnly Order is rejected.' });
    const result = await closer.close('BTCUSDT', 'sig1', false);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: -2022 });
    expect(result.closed[0].error).toBe(result.error);
    expect(exchange.lookups).toEqual([]);
  });
});
