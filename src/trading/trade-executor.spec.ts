/**
 * Trading's one entry against the in-memory exchange double: each command reaches its flow, and every flow
 * ends in the same outcome shape (status, what is recorded, the flow's own result).
 */
import Decimal from 'decimal.js';
import { ExchangeDouble } from '../../test/support/exchange-double';
import { restAccountReader } from '../../test/support/rest-account-reader';
import { parseEnv } from '../config/app-config';
import { MultiAssetsModeCache } from '../positions/multi-assets-mode.cache';
import { PositionModeCache } from '../positions/position-mode.cache';
import { PositionsService } from '../positions/positions.service';
import { CloseService } from './close/close.service';
import { PartialCloseService } from './close/partial-close.service';
import type { ProtectionResizer } from './protection/protection-resizer';
import type { ProtectionService } from './protection/protection.service';
import { TargetPositionService } from './target-position.service';
import { refusedForStalePositionMode, TradeExecutor } from './trade-executor';
import type { OrderAttempt } from './orders/order-attempt';
import { ExchangeError } from '../exchange/exchange-error';
import { TradingService } from './trading.service';

async function setUp() {
  const exchange = new ExchangeDouble('1000');
  await exchange.start();
  await exchange.setPrice('BTCUSDT', '50000');
  const config = parseEnv({});
  const positions = new PositionsService(exchange, new PositionModeCache(exchange));
  const multiAssets = new MultiAssetsModeCache(exchange);
  // No command here asks for protection or leaves a protected rest: neither collaborator is reached.
  const protection = {} as ProtectionService;
  const resizer = {} as ProtectionResizer;
  // No live account state (as with BINANCE_STREAMS=off): every flow reads over REST.
  const reader = restAccountReader(exchange, positions);
  const closer = new CloseService(exchange, positions, reader);
  const executor = new TradeExecutor(
    exchange,
    new TradingService(exchange, config, reader, multiAssets, protection),
    closer,
    new PartialCloseService(exchange, reader, closer, resizer),
    new TargetPositionService(exchange, config, positions, reader, multiAssets, closer, protection, resizer),
  );
  return { exchange, executor };
}

const buy = (signalId: string) => ({
  flow: 'open' as const,
  signalId,
  symbol: 'BTCUSDT',
  action: 'buy' as const,
  balancePercentage: new Decimal('0.25'),
  leverage: 10,
  stateAware: false,
});

describe('TradeExecutor.execute', () => {
  it('runs a buy through the open flow and reports its orders for the record', async () => {
    const { executor } = await setUp();
    const outcome = await executor.execute(buy('sig1'));
    expect(outcome).toMatchObject({ flow: 'open', status: 'executed', cancelledOrders: [] });
    expect(outcome.orders.map((a) => a.purpose)).toEqual(['OPEN']);
    expect(outcome.calculation?.quantity.toString()).toBe('0.05');
  });

  it('skips a state-aware close of a flat symbol, sending nothing', async () => {
    const { exchange, executor } = await setUp();
    const outcome = await executor.execute({ flow: 'close', signalId: 'sig1', symbol: 'BTCUSDT', stateAware: true });
    expect(outcome).toMatchObject({ flow: 'close', status: 'skipped', orders: [], cancelledOrders: [] });
    expect(outcome.note).toBe('Already flat on BTCUSDT: nothing to close');
    expect(exchange.sent).toEqual([]);
  });

  it('skips a partial exit of nothing held on a state-aware route, does it (nothing to do) on others', async () => {
    const { executor } = await setUp();
    const partial = { percentage: new Decimal(50) };
    const command = { flow: 'partial-close' as const, signalId: 'sig1', symbol: 'BTCUSDT', partial };
    const stateAware = await executor.execute({ ...command, stateAware: true });
    const advanced = await executor.execute({ ...command, signalId: 'sig2', stateAware: false });
    expect(stateAware).toMatchObject({ flow: 'partial-close', status: 'skipped', result: { kind: 'nothing' } });
    expect(advanced).toMatchObject({ flow: 'partial-close', status: 'executed', result: { kind: 'nothing' } });
  });

  it('reports a partial exit whose order was refused as failed, with the refused order recorded', async () => {
    const { exchange, executor } = await setUp();
    await executor.execute(buy('sig1'));
    exchange.fail({ kind: 'refused', code: -2022, message: 'ReduceOnly Order is rejected.' });
    const partial = { percentage: new Decimal(50) };
    const outcome = await executor.execute({
      flow: 'partial-close',
      signalId: 'sig2',
      symbol: 'BTCUSDT',
      stateAware: false,
      partial,
    });
    expect(outcome).toMatchObject({ flow: 'partial-close', status: 'failed', result: { kind: 'partial' } });
    expect(outcome.error?.message).toContain('ReduceOnly Order is rejected');
    expect(outcome.orders.map((a) => [a.purpose, !!a.error])).toEqual([['REDUCE_LONG', true]]);
  });

  it('reaches a target position and names the base asset for the answer', async () => {
    const { executor } = await setUp();
    const outcome = await executor.execute({
      flow: 'target',
      signalId: 'sig1',
      symbol: 'BTCUSDT',
      position: 'long',
      size: new Decimal('0.01'),
      leverage: 5,
    });
    expect(outcome).toMatchObject({ flow: 'target', status: 'executed', baseAsset: 'BTC' });
    expect(outcome.orders.map((a) => [a.purpose, a.request.quantity?.toString()])).toEqual([['OPEN', '0.01']]);
  });
});

describe('refusedForStalePositionMode: the one refusal TradeExecutor retries', () => {
  const refusal = (code: number, kind: 'rejected' | 'timeout' = 'rejected') =>
    new ExchangeError({ code, exchangeMessage: 'refused', kind, title: 'refused', suggestions: [] });
  const attempt = (extra: Partial<OrderAttempt>): OrderAttempt => ({
    purpose: 'OPEN',
    request: {
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: new Decimal(1),
      clientOrderId: 'c',
    },
    sentAt: new Date(),
    answeredAt: new Date(),
    ...extra,
  });
  const outcome = (orders: OrderAttempt[], readFromLiveState = true, status: 'failed' | 'executed' = 'failed') =>
    ({ flow: 'open', status, orders, cancelledOrders: [], exchangeMs: 1, result: { readFromLiveState } }) as never;

  it('retries an order refused for its position side on the live state, nothing placed', () => {
    expect(refusedForStalePositionMode(outcome([attempt({ error: refusal(-4061) })]))).toBe(true);
  });

  it('not on a REST reading (its mode was just read), nor for another refusal', () => {
    expect(refusedForStalePositionMode(outcome([attempt({ error: refusal(-4061) })], false))).toBe(false);
    expect(refusedForStalePositionMode(outcome([attempt({ error: refusal(-2019) })]))).toBe(false);
  });

  it('never when an order of the trade executed or may have: a retry could trade twice', () => {
    const filled = attempt({ purpose: 'CLOSE_OPPOSITE', result: {} as OrderAttempt['result'] });
    expect(refusedForStalePositionMode(outcome([filled, attempt({ error: refusal(-4061) })]))).toBe(false);
    const lost = attempt({ purpose: 'CLOSE_OPPOSITE', error: refusal(-1007, 'timeout') });
    expect(refusedForStalePositionMode(outcome([lost, attempt({ error: refusal(-4061) })]))).toBe(false);
    expect(refusedForStalePositionMode(outcome([attempt({ error: refusal(-4061) })], true, 'executed'))).toBe(false);
  });
});
