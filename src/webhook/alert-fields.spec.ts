import Decimal from 'decimal.js';
import { SignalRejection } from '../common/signal-rejection';
import { protectionFields } from './protection-fields';
import { checkSignalAge } from './signal-age';
import { validateSignal } from './signal-validation';
import { sizingMode } from './sizing-fields';

const TRADABLE = ['BTCUSDT'];
const BASE = { symbol: 'BTCUSDT', action: 'buy', leverage: 10 };

function rejection(fn: () => unknown): SignalRejection {
  try {
    fn();
  } catch (error) {
    if (error instanceof SignalRejection) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('sizing fields', () => {
  it('takes exactly one of balance_percentage, quantity, usdt (quantity_usdt) and risk_percentage', () => {
    expect(validateSignal({ ...BASE, quantity: '0.01' }, TRADABLE).sizing).toEqual({
      kind: 'quantity',
      quantity: new Decimal('0.01'),
    });
    expect(validateSignal({ ...BASE, usdt: 500 }, TRADABLE).sizing).toEqual({ kind: 'usdt', value: new Decimal(500) });
    expect(validateSignal({ ...BASE, quantity_usdt: '500' }, TRADABLE).sizing).toEqual({
      kind: 'usdt',
      value: new Decimal(500),
    });
    const risk = validateSignal({ ...BASE, risk_percentage: '1%', stop_loss: 49000 }, TRADABLE);
    expect(risk.sizing).toEqual({ kind: 'risk_percentage', fraction: new Decimal('0.01') });
    expect(validateSignal({ ...BASE, balance_percentage: '25%' }, TRADABLE)).toMatchObject({
      sizing: { kind: 'balance_percentage', fraction: new Decimal('0.25') },
      balancePercentage: new Decimal('0.25'),
    });
  });

  it.each([
    [{}, /\(got none\)/],
    [{ balance_percentage: 0.1, quantity: 0.01 }, /\(got balance_percentage and quantity\)/],
    [{ usdt: 100, quantity_usdt: 100, risk_percentage: 0.01 }, /\(got usdt and quantity_usdt and risk_percentage\)/],
  ])('refuses none or several (%j) with 422 naming them', (fields, message) => {
    const error = rejection(() => validateSignal({ ...BASE, ...fields }, TRADABLE));
    expect(error).toMatchObject({ code: 'SIZING_FIELDS', httpStatus: 422 });
    expect(error.message).toMatch(message);
  });

  it.each([
    [{ quantity: 0 }, /quantity must be a number greater than 0/],
    [{ usdt: '-5' }, /usdt must be a number greater than 0/],
    [{ risk_percentage: 1, stop_loss: 49000 }, /for 1% use 0.01 or "1%"/],
    [{ risk_percentage: '20%', stop_loss: 49000 }, /at most 10%/],
    [{ risk_percentage: 0.01 }, /needs stop_loss/],
  ])('refuses %j', (fields, message) => {
    expect(rejection(() => validateSignal({ ...BASE, ...fields }, TRADABLE)).message).toMatch(message);
  });

  it('ignores sizing and protection on a close, listing them', () => {
    const close = validateSignal({ symbol: 'BTCUSDT', action: 'close', quantity: 1, stop_loss: 1 }, TRADABLE);
    expect(close).toMatchObject({ sizing: undefined, protection: undefined, ignoredFields: ['quantity', 'stop_loss'] });
    expect(sizingMode({ quantity: '', usdt: 5 }, undefined)).toEqual({ kind: 'usdt', value: new Decimal(5) });
  });
});

describe('protection fields', () => {
  it('reads prices, percents, ladders, trailing stops and the working type', () => {
    expect(
      protectionFields({
        stop_loss: '2%',
        take_profits: [
          { price: '52000', size_percent: 60 },
          { percent: 8, size_percent: '40' },
        ],
        trailing_stop: { callback_rate: '0.5', activation_percent: 1 },
        break_even: 'true',
        working_type: 'contract_price',
      }),
    ).toEqual({
      stopLoss: { percent: new Decimal(2) },
      takeProfits: [
        { target: { price: new Decimal(52000) }, sizePercent: new Decimal(60) },
        { target: { percent: new Decimal(8) }, sizePercent: new Decimal(40) },
      ],
      trailingStop: { callbackRate: new Decimal('0.5'), activation: { percent: new Decimal(1) } },
      breakEven: true,
      workingType: 'CONTRACT_PRICE',
    });
    expect(protectionFields({ stop_loss: { price: 49000 }, take_profit: 51000 })).toMatchObject({
      stopLoss: { price: new Decimal(49000) },
      takeProfits: [{ target: { price: new Decimal(51000) }, sizePercent: new Decimal(100) }],
      breakEven: false,
      workingType: 'MARK_PRICE',
    });
    expect(protectionFields({ stop_loss: null, take_profit: '' })).toBeUndefined();
  });

  it.each([
    [{ stop_loss: 0 }, /stop_loss: the price must be a number greater than 0/],
    [{ stop_loss: { percent: 100 } }, /percent must be a number greater than 0 and below 100/],
    [{ stop_loss: { price: 1, percent: 1 } }, /exactly one of "price" and "percent"/],
    [{ stop_loss: { pct: 1 } }, /unknown key "pct"/],
    [{ take_profit: 1, take_profits: [{ price: 2, size_percent: 100 }] }, /take_profit or take_profits, not both/],
    [{ take_profits: [] }, /list of 1 to 5 levels/],
    [{ take_profits: Array.from({ length: 6 }, () => ({ price: 1, size_percent: 10 })) }, /list of 1 to 5 levels/],
    [
      {
        take_profits: [
          { price: 1, size_percent: 60 },
          { price: 2, size_percent: 50 },
        ],
      },
      /add up to 110 \(at most 100\)/,
    ],
    [{ take_profits: [{ price: 1 }] }, /size_percent must be a number greater than 0/],
    [{ trailing_stop: { callback_rate: 11 } }, /callback_rate must be a percent from 0.1 to 10/],
    [{ trailing_stop: { callback_rate: 0.05 } }, /callback_rate must be a percent from 0.1 to 10/],
    [{ trailing_stop: { callback_rate: 1, activation_price: 1, activation_percent: 1 } }, /not both/],
    [{ trailing_stop: 1 }, /must be an object/],
    [{ stop_loss: 1, take_profit: 2, break_even: 'yes' }, /break_even: must be true or false/],
    [{ break_even: true, take_profit: 2 }, /needs stop_loss and a take profit/],
    [{ stop_loss: 1, working_type: 'LAST' }, /MARK_PRICE or CONTRACT_PRICE/],
  ])('refuses %j with 422 naming the field', (fields, message) => {
    const error = rejection(() => protectionFields(fields));
    expect(error).toMatchObject({ code: 'VALIDATION', httpStatus: 422 });
    expect(error.message).toMatch(message);
  });
});

describe('stale alerts', () => {
  const now = Date.parse('2025-10-03T10:31:00Z');
  it('refuses an alert older than max_age_s or MAX_SIGNAL_AGE_S, before anything else happens', () => {
    const old = { time: '2025-10-03T10:30:00Z' };
    expect(rejection(() => checkSignalAge({ ...old, max_age_s: 30 }, now, 0))).toMatchObject({
      code: 'STALE',
      httpStatus: 422,
    });
    expect(rejection(() => checkSignalAge(old, now, 59)).message).toMatch(
      /received 60\.0 s later \(more than the 59 s allowed\)/,
    );
    // The alert's own limit wins over the configured one.
    expect(() => checkSignalAge({ ...old, max_age_s: '120' }, now, 10)).not.toThrow();
    expect(() => checkSignalAge(old, now, 0)).not.toThrow();
    expect(() => checkSignalAge({ time: String(now - 5000) }, now, 10)).not.toThrow();
    expect(rejection(() => checkSignalAge({ time: Math.floor((now - 20_000) / 1000) }, now, 10)).code).toBe('STALE');
  });

  it.each([
    [{ time: 'yesterday' }, /Invalid time/],
    [{ max_age_s: 30 }, /needs the alert's time/],
    [{ time: '2025-10-03T10:30:00Z', max_age_s: 0 }, /Invalid max_age_s/],
    [{ time: '2025-10-03T10:30:00Z', max_age_s: 1.5 }, /Invalid max_age_s/],
  ])('refuses %j', (fields, message) => {
    expect(rejection(() => checkSignalAge(fields, now, 0)).message).toMatch(message);
  });
});
