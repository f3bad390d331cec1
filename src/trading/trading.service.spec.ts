/** The buy/sell flow against the in-memory exchange double: open, add, reverse, skip, and a refused entry. */
import Decimal from 'decimal.js';
import { ExchangeDouble } from '../../test/support/exchange-double';
import { restAccountReader } from '../../test/support/rest-account-reader';
import { parseEnv } from '../config/app-config';
import { MultiAssetsModeCache } from '../positions/multi-assets-mode.cache';
import { PositionModeCache } from '../positions/position-mode.cache';
import { PositionsService } from '../positions/positions.service';
import type { ProtectionService } from './protection/protection.service';
import { OpenRequest, TradingService } from './trading.service';

async function setUp() {
  const exchange = new ExchangeDouble('1000');
  await exchange.start();
  await exchange.setPrice('BTCUSDT', '50000');
  const positions = new PositionsService(exchange, new PositionModeCache(exchange));
  // No signal here asks for protection: the protection service is never reached.
  const protection = {} as ProtectionService;
  const reader = restAccountReader(exchange, positions);
  const trading = new TradingService(exchange, parseEnv({}), reader, new MultiAssetsModeCache(exchange), protection);
  return { exchange, trading };
}

const signal = (action: 'buy' | 'sell', signalId: string, extra: Partial<OpenRequest> = {}): OpenRequest => ({
  signalId,
  symbol: 'BTCUSDT',
  action,
  balancePercentage: new Decimal('0.25'),
  leverage: 10,
  stateAware: false,
  ...extra,
});

const held = async (exchange: ExchangeDouble) =>
  (await exchange.positions('BTCUSDT')).positions.map((p) => `${p.direction} ${p.quantity.toString()}`);

describe('TradingService.open', () => {
  it('opens the documented worked example: 1000 USDT × 0.25 × 10 at 50000 → 0.05 BTC', async () => {
    const { exchange, trading } = await setUp();
    const outcome = await trading.open(signal('buy', 'sig1'));
    expect(outcome.status).toBe('executed');
    expect(outcome.orders.map((a) => a.purpose)).toEqual(['OPEN']);
    expect(outcome.mainOrder?.executedQty.toString()).toBe('0.05');
    expect(await held(exchange)).toEqual(['LONG 0.05']);
  });

  it('reverses a long into a short: the opposite is closed first, then the new position opened', async () => {
    const { exchange, trading } = await setUp();
    await trading.open(signal('buy', 'sig1'));
    const outcome = await trading.open(signal('sell', 'sig2'));
    expect(outcome.status).toBe('executed');
    expect(outcome.oppositeClosed).toMatchObject({ direction: 'LONG' });
    // One-way: one order sells the long's 0.05 and the new short (sized from what the fees left) at once.
    expect(outcome.orders.map((a) => [a.purpose, a.request.quantity?.toString()])).toEqual([['REVERSAL', '0.099']]);
    expect(await held(exchange)).toEqual(['SHORT 0.049']);
  });

  it('skips a state-aware signal already in the asked direction, sending nothing', async () => {
    const { exchange, trading } = await setUp();
    await trading.open(signal('buy', 'sig1'));
    const sent = exchange.sent.length;
    const outcome = await trading.open(signal('buy', 'sig2', { stateAware: true }));
    expect(outcome.status).toBe('skipped');
    expect(outcome.note).toBe('Already long 0.05 BTCUSDT: nothing to do');
    expect(exchange.sent).toHaveLength(sent);
  });

  it('fails with the refusal of the entry, keeping the attempt for the record', async () => {
    const { exchange, trading } = await setUp();
    exchange.fail({ kind: 'refused', code: -2019, message: 'Margin is insufficient.' });
    const outcome = await trading.open(signal('buy', 'sig1'));
    expect(outcome.status).toBe('failed');
    expect(outcome.orders[0].error).toMatchObject({ code: -2019 });
    expect(await held(exchange)).toEqual([]);
  });

  it('records an entry whose answer was lost and which executed as executed, sent once', async () => {
    const { exchange, trading } = await setUp();
    exchange.fail({ kind: 'lost', executes: 'now', executableForMs: 200 });
    const outcome = await trading.open(signal('buy', 'sig1'));
    expect(outcome.status).toBe('executed');
    expect(outcome.orders[0].note).toMatch(/found on the exchange/);
    expect(exchange.sent).toHaveLength(1);
    expect(await held(exchange)).toEqual(['LONG 0.05']);
  });
});
